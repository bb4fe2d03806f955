"""After the letter: the person asks for the decision to be looked at again, someone who
took no part decides, the manager issues the outcome letter, and the person checks on the
public site that the letter they hold is genuine.

The demo restriction R-000001 was decided by decision.maker; panel.chair took no part.
"""

import datetime
import re
import subprocess

from playwright.sync_api import expect

RESTRICTION = "R-000001"


def test_reconsideration_from_request_to_a_checked_outcome_letter(
    page, site_url, sign_in, assert_accessible
):
    # The housing manager records the request from the decision record.
    sign_in(page, "housing.manager")
    page.goto(f"{site_url}/staff/restrictions/{RESTRICTION}/")
    page.get_by_role("button", name="Record a request for reconsideration").click()
    assert_accessible(page)
    today = datetime.date.today()
    page.fill("input[name=received_on_0]", str(today.day))
    page.fill("input[name=received_on_1]", str(today.month))
    page.fill("input[name=received_on_2]", str(today.year))
    page.check("input[name=received_how][value=email]")
    page.check("input[name=requested_by][value=customer]")
    page.fill(
        "textarea[name=grounds]",
        "I only rang so often because the repair was never booked. It is booked now.",
    )
    page.get_by_role("button", name="Record the request").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("in time")
    request = re.search(r"RC-\d+", banner.inner_text()).group(0)

    # The decision maker who decided the restriction is not offered it.
    sign_in(page, "decision.maker")
    page.goto(f"{site_url}/staff/reconsiderations/{request}/decide/")
    assert page.locator("h1").inner_text() != "Decide the reconsideration"

    # A decision maker who took no part finds it in their tasks and decides.
    sign_in(page, "panel.chair")
    page.locator("#tasks-reconsiderations").locator("xpath=..").get_by_role(
        "link", name=request
    ).click()
    assert_accessible(page)
    page.check("input[name=outcome][value=upheld]")
    page.fill(
        "textarea[name=reasons]",
        "The calls went on after the repair was booked; the restriction is still needed.",
    )
    page.locator("input[name=role]").first.check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("upheld")

    # The manager issues the outcome letter from the letters waiting.
    sign_in(page, "housing.manager")
    page.goto(f"{site_url}/staff/letters/new/reconsideration/{request}/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("we have decided that it stands")
    page.get_by_role("button", name="Issue this letter").click()
    expect(page.locator("h1")).to_contain_text("FDC-")
    reference = re.search(r"FDC-\d{4}-\d{5}", page.locator("h1").inner_text()).group(0)
    pdf = page.request.get(f"{site_url}/staff/letters/{reference}/pdf/").body()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    code = re.search(r"check code\s+([0-9A-Z]{5}-[0-9A-Z]{5})", text).group(1)

    # The person, signed in nowhere, checks the letter and its file on the public site.
    page.context.clear_cookies()
    page.goto(f"{site_url}/check-a-letter/")
    assert_accessible(page)
    page.fill("input[name=reference]", reference)
    page.fill("input[name=code]", code.lower())
    page.set_input_files(
        "input[name=pdf]",
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    page.get_by_role("button", name="Check the letter").click()
    answer = page.locator("main")
    expect(answer).to_contain_text("This is a genuine letter")
    expect(answer).to_contain_text("Reconsideration outcome")
    expect(answer).not_to_contain_text("Gordon Hale")
    assert_accessible(page)
