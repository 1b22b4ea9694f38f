// GOV.UK-style idle timeout warning. The server ends a session after SESSION_COOKIE_AGE
// seconds without a request; this opens a modal warning shortly before, offers "Stay signed
// in" (a POST to the keep-alive URL renews the session) and signs out when time runs out.
// Without JavaScript the server-side expiry still applies.
const dialog = document.getElementById('hearth-timeout')

if (dialog && typeof dialog.showModal === 'function') {
  const timeout = Number(dialog.dataset.timeoutSeconds) * 1000
  const warning = Number(dialog.dataset.warningSeconds) * 1000
  const countdown = dialog.querySelector('.hearth-timeout__countdown')
  const announce = document.getElementById('hearth-timeout-announce')
  const keepAlive = dialog.querySelector('.hearth-timeout__keep-alive')
  const signOut = dialog.querySelector('.hearth-timeout__sign-out')
  let warnTimer
  let tick
  let deadline
  let lastFocus

  const words = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000))
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return `${minutes} minute${minutes === 1 ? '' : 's'}`
    }
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  const update = () => {
    const left = deadline - Date.now()
    if (left <= 0) {
      clearInterval(tick)
      signOut.submit()
      return
    }
    countdown.textContent = words(left)
    // Announce to screen readers each minute, then every 15 seconds in the last minute.
    const seconds = Math.ceil(left / 1000)
    if (seconds % 60 === 0 || (seconds <= 60 && seconds % 15 === 0)) {
      announce.textContent = `For your security, we will sign you out in ${words(left)}.`
    }
  }

  const warn = () => {
    lastFocus = document.activeElement
    deadline = Date.now() + warning
    update()
    tick = setInterval(update, 1000)
    dialog.showModal()
  }

  const start = () => {
    clearTimeout(warnTimer)
    clearInterval(tick)
    warnTimer = setTimeout(warn, Math.max(0, timeout - warning))
  }

  const stay = async () => {
    try {
      const response = await fetch(keepAlive.action, {
        method: 'POST',
        body: new FormData(keepAlive),
        credentials: 'same-origin',
        redirect: 'manual'
      })
      if (response.status !== 204) throw new Error('session ended')
      dialog.close()
      if (lastFocus) lastFocus.focus()
      start()
    } catch {
      window.location.reload()
    }
  }

  keepAlive.addEventListener('submit', (event) => {
    event.preventDefault()
    stay()
  })
  // Escape means "stay signed in", as in the GOV.UK pattern.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    stay()
  })
  start()
}
