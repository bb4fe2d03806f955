// Starts the GOV.UK Frontend components present on the page, and our reveals.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// Questions revealed by an answer: shown while any input that reveals them is chosen.
// Kept free of aria-expanded, which ARIA does not allow on radios or checkboxes.
const revealers = document.querySelectorAll("input[data-reveals]");

function syncReveals() {
  for (const input of revealers) {
    const target = document.getElementById(input.dataset.reveals);
    if (target) {
      target.classList.toggle(`govuk-${input.type === "radio" ? "radios" : "checkboxes"}__conditional--hidden`, !input.checked);
    }
  }
}

for (const input of document.querySelectorAll("input[type=radio], input[type=checkbox]")) {
  input.addEventListener("change", syncReveals);
}
syncReveals();
