"""A manager signs in with a password and a code from the authenticator app."""

import time

from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, authenticator_code


def test_a_manager_signs_in_with_an_authenticator_code(page, site_url, assert_accessible):
    page.context.clear_cookies()
    page.goto(f"{site_url}/staff/incidents/")
    page.fill("input[name=username]", "housing.manager")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)

    # A wrong code is refused, with a message beside the box.
    right = authenticator_code("housing.manager")
    page.fill("input[name=code]", f"{(int(right) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code is not right")
    expect(page.locator(".govuk-error-message")).to_contain_text("That code is not right")
    assert_accessible(page)
    # The staff area is still closed.
    page.goto(f"{site_url}/staff/")
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")

    # After a wrong code the app waits a second before it checks another.
    time.sleep(1.5)
    page.fill("input[name=code]", right)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Staff area")
    page.goto(f"{site_url}/staff/incidents/")
    expect(page.locator("h1")).not_to_have_text("Enter the code from your authenticator app")
