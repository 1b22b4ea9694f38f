// The return job page: poll the JSON status endpoint and move the progress bar until the job
// has finished, then show the download and report links (or the error). Without JavaScript
// the page refreshes itself (a <noscript> meta refresh) and has a "Refresh this page" link.
const root = document.getElementById('returns-job')

if (root && root.dataset.statusUrl) {
  const url = root.dataset.statusUrl
  const bar = root.querySelector('.returns-progress')
  const percent = root.querySelector('.returns-job__percent')
  const message = root.querySelector('.returns-job__message')
  const progress = root.querySelector('.returns-job__progress')
  const done = root.querySelector('.returns-job__done')
  const failed = root.querySelector('.returns-job__failed')
  const refresh = root.querySelector('.returns-job__refresh')
  let delay = 700

  const show = (el, visible) => { if (el) el.hidden = !visible }

  const render = (s) => {
    root.dataset.status = s.status
    bar.value = s.progress
    bar.textContent = `${s.progress}%`
    percent.textContent = `${s.progress}%`
    message.textContent = s.message
    if (!s.finished) return
    show(progress, false)
    if (s.status === 'done') {
      const counts = s.counts || {}
      const errors = counts.error || 0
      root.querySelector('.returns-job__counts').textContent =
        `${errors} rule${errors === 1 ? '' : 's'} with errors, ${counts.query || 0} with queries`
      const download = root.querySelector('.returns-job__download')
      download.href = s.download_url
      if (s.download_name) download.textContent = `Download ${s.download_name}`
      show(root.querySelector('.returns-job__download-item'), Boolean(s.download_url))
      root.querySelector('.returns-job__report').href = s.report_url
      show(root.querySelector('.returns-job__report-item'), Boolean(s.report_url))
      show(done, true)
    } else {
      root.querySelector('.returns-job__error').textContent = s.error
      show(failed, true)
    }
  }

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) throw new Error(`status ${response.status}`)
      const s = await response.json()
      render(s)
      if (s.finished) return
      delay = Math.min(delay * 1.2, 3000)
    } catch (err) {
      delay = Math.min(delay * 2, 10000)
    }
    window.setTimeout(poll, delay)
  }

  if (refresh) refresh.closest('p').hidden = true
  if (root.dataset.status !== 'done' && root.dataset.status !== 'failed') {
    window.setTimeout(poll, 300)
  }
}
