"""A comms editor proposes a change; a policy approver publishes it; old versions stand."""

import re

from playwright.sync_api import expect

POLICY = "/unacceptable-behaviour-policy/"


def policy_page_id(page, site_url):
    page.goto(f"{site_url}{POLICY}versions/1/")
    href = page.locator("main a[href^='/versions/']").first.get_attribute("href")
    return int(re.match(r"/versions/(\d+)/1/", href).group(1))


def test_editor_submits_and_approver_publishes_without_touching_version_one(
    page, site_url, sign_in, assert_accessible
):
    page_id = policy_page_id(page, site_url)
    version_one = page.locator("main .sc-frozen").inner_text()

    sign_in(page, "comms.editor", admin=True)
    page.goto(f"{site_url}/admin/pages/{page_id}/edit/")
    page.fill("#id_summary", "Our rules on behaviour towards staff, reviewed this autumn.")

    # Submitting without a change note is refused with a clear message.
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Policy approval").click()
    expect(page.locator("#panel-child-content-change_note-section")).to_contain_text(
        "Write a change note"
    )

    page.fill("#id_change_note", "Shortened the summary at the top of the page.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Policy approval").click()
    expect(page.locator(".messages")).to_contain_text("submitted")

    page.context.clear_cookies()
    sign_in(page, "policy.approver", admin=True)
    page.goto(f"{site_url}/admin/pages/{page_id}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile(r"^\s*Approve and Publish\s*$")).click()
    # Before approving, the approver reads what the draft changes beside its note.
    review = page.locator(".sc-approval-review")
    expect(review).to_contain_text("Shortened the summary at the top of the page.")
    expect(review.locator(".sc-approval-review__summary")).to_contain_text(
        "added: reviewed this autumn"
    )
    page.locator("form:has(button.button-longrunning)").last.get_by_role(
        "button", name="Approve"
    ).click()
    expect(page.locator(".messages")).to_contain_text("has been updated")

    page.context.clear_cookies()
    page.goto(f"{site_url}{POLICY}versions/")
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.locator("tbody tr").first).to_contain_text("Shortened the summary")
    assert_accessible(page)

    page.goto(f"{site_url}/versions/{page_id}/1/")
    assert page.locator("main .sc-frozen").inner_text() == version_one
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Read the current version (version 3)"
    )
    page.goto(f"{site_url}{POLICY}")
    expect(page.locator(".govuk-body-l")).to_have_text(
        "Our rules on behaviour towards staff, reviewed this autumn."
    )
