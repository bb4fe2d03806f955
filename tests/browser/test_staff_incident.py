"""Staff report an incident; the service's manager follows it up; another manager cannot."""

import datetime
import re

from playwright.sync_api import expect


def test_report_follow_up_and_refusal(page, site_url, sign_in, assert_accessible):
    sign_in(page, "frontline")
    page.goto(f"{site_url}/staff/incidents/new/")
    assert_accessible(page)

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.check("input[name=who][value=unknown]")
    page.fill("textarea[name=unknown_description]", "Man in a green jacket, about 30.")
    page.fill("input[name=occurred_on_0]", str(yesterday.day))
    page.fill("input[name=occurred_on_1]", str(yesterday.month))
    page.fill("input[name=occurred_on_2]", str(yesterday.year))
    page.fill("input[name=occurred_time]", "10:15")
    page.select_option("select[name=service_area]", label="Housing")
    page.check("input[name=location_kind][value=site]")
    page.fill("input[name=site]", "Civic Offices reception")
    page.check("input[name=channel][value=face_to_face]")
    page.get_by_label("Threats", exact=True).check()
    # Forget the description: the form must say so and keep everything else.
    for question in ("injury", "violence", "police_informed", "riddor_reportable"):
        page.check(f"input[name={question}][value=no]")
    page.check("input[name=safeguarding_concern][value=no]")
    page.get_by_role("button", name="Send report").last.click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Describe what happened")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    page.fill("textarea[name=description]", "Said he would wait for the officer after work.")
    page.get_by_role("button", name="Send report").last.click()

    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("INC-")
    reference = re.search(r"INC-\d+", panel.inner_text()).group(0)

    sign_in(page, "housing.manager")
    page.goto(f"{site_url}/staff/incidents/")
    expect(page.locator("main")).to_contain_text(reference)
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text(reference)

    page.goto(f"{site_url}/staff/incidents/{reference}/follow-up/")
    page.fill("input[name=wellbeing_meeting_on_0]", str(yesterday.day))
    page.fill("input[name=wellbeing_meeting_on_1]", str(yesterday.month))
    page.fill("input[name=wellbeing_meeting_on_2]", str(yesterday.year))
    page.fill("textarea[name=support_agreed]", "Talked it through; offered the assistance line.")
    page.get_by_role("button", name="Save follow-up").click()
    expect(page.locator("main")).to_contain_text("Talked it through")

    page.goto(f"{site_url}/staff/customers/C-000001/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "waste.manager")
    response = page.goto(f"{site_url}/staff/incidents/{reference}/")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("green jacket")
