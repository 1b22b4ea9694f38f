// Start GOV.UK Frontend components, and Hearth's few behaviours (no inline scripts, so a strict
// Content-Security-Policy can forbid them).
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

for (const button of document.querySelectorAll('[data-hearth-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
