"""A member of the public reads the policy and its versions; editors change it safely."""

import re

from playwright.sync_api import expect


def test_reader_walks_from_home_to_an_old_version_and_back(page, site_url, assert_accessible):
    page.goto(site_url + "/")
    expect(page.locator("header")).to_contain_text("Fernhollow District Council")
    assert_accessible(page)

    page.get_by_role("link", name="Our commitment to customers").first.click()
    expect(page.locator("h1")).to_have_text("Our commitment to customers")
    expect(page.locator(".sc-version-line")).to_contain_text("Version 1, published")
    assert_accessible(page)

    page.get_by_role("link", name="Unacceptable behaviour and restricting contact").first.click()
    # Version 2 in the demo content; later if another test has published since.
    expect(page.locator(".sc-version-line")).to_contain_text(
        re.compile(r"Version [2-9], published")
    )
    assert_accessible(page)

    page.locator(".sc-version-line").get_by_role(
        "link", name=re.compile("See all versions")
    ).click()
    expect(page.locator("h1")).to_have_text("All versions")
    expect(page.locator("tbody tr").last).to_contain_text("First published.")
    assert_accessible(page)

    page.get_by_role("link", name="Version 1", exact=True).click()
    notice = page.locator(".govuk-notification-banner")
    expect(notice).to_contain_text("You are reading version 1, in force from")
    expect(page.locator("main")).not_to_contain_text("Contact through social media")
    assert_accessible(page)

    notice.get_by_role("link", name=re.compile("Read the current version")).click()
    expect(page.locator("h1")).to_have_text("Unacceptable behaviour and restricting contact")
    expect(page.locator("main")).to_contain_text("Contact through social media")
