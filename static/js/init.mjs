// Starts the GOV.UK Frontend components present on the page.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
