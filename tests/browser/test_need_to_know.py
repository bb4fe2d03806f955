"""Need to know, as a manager of another service and as information governance see it:
Housing's records show only that they exist until a reason is given; the reason waits
for information governance, who also read the audit trail. axe checks every page."""

from playwright.sync_api import expect

CUSTOMER = "C-000001"


def test_a_reason_opens_another_services_records_and_is_reviewed(
    page, site_url, sign_in, assert_accessible
):
    sign_in(page, "waste.manager")
    page.goto(f"{site_url}/staff/customers/{CUSTOMER}/")
    expect(page.locator("main")).to_contain_text("Held by Housing")
    assert_accessible(page)
    page.get_by_role("link", name="Give a reason to read them").click()
    assert_accessible(page)
    page.get_by_role("button", name="Give the reason and read the records").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    assert_accessible(page)
    page.fill(
        "textarea[name=reason]",
        "A safeguarding referral from the crew names him; I need the full history today.",
    )
    page.get_by_role("button", name="Give the reason and read the records").click()
    expect(page.locator("main")).not_to_contain_text("Held by Housing")
    page.get_by_role("link", name="Restriction R-000001").click()
    expect(page.locator("h1")).to_have_text("Restricting contact with Gordon Hale")

    sign_in(page, "records.officer")
    tasks = page.locator("#tasks-reasons").locator("xpath=..")
    expect(tasks).to_contain_text(CUSTOMER)
    page.goto(f"{site_url}/staff/reasons-given/")
    expect(page.locator("main")).to_contain_text("safeguarding referral from the crew")
    assert_accessible(page)
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator("main")).to_contain_text("There are no reasons waiting for review.")

    page.goto(f"{site_url}/staff/audit/")
    page.fill("input[name=subject]", CUSTOMER)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("main table")).to_contain_text("waste.manager")
    assert_accessible(page)
