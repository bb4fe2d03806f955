"""A reader compares policy versions, prints a poster and searches the site."""

import re
import subprocess

from playwright.sync_api import expect

POLICY = "/unacceptable-behaviour-policy/"


def test_compare_print_and_search(page, site_url, assert_accessible, tmp_path):
    # The policy's contents list leads to its sections.
    page.goto(f"{site_url}{POLICY}")
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Who decides", exact=True).click()
    assert page.url.endswith("#who-decides")
    expect(page.locator("h2#who-decides")).to_have_text("Who decides")

    page.goto(f"{site_url}{POLICY}versions/")
    second = page.locator("tbody tr", has_text="Version 2")
    second.get_by_role("link", name=re.compile("Compare")).click()
    expect(page.locator("main ins").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Contact through social media")
    assert_accessible(page)

    # Any two versions: the same one twice is refused with a message, then corrected.
    page.get_by_label("Compare version").select_option("2")
    page.get_by_label("with version").select_option("2")
    page.get_by_role("button", name="Compare these versions").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose two different versions")
    assert_accessible(page)
    page.get_by_label("with version").select_option("1")
    page.get_by_role("button", name="Compare these versions").click()
    expect(page.locator("h1")).to_have_text("Changes from version 1 to version 2")

    page.goto(site_url + "/")
    page.get_by_role("link", name="Posters for our buildings").first.click()
    expect(page.locator("h1")).to_have_text("Posters for our buildings")
    assert_accessible(page)

    page.get_by_role("link", name="Treat our staff with respect").click()
    expect(page.locator(".sc-version-line")).to_contain_text("Version 2")
    expect(page.locator(".sc-poster-preview")).to_contain_text("Treat our staff with respect")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the A4 poster")).click()
    pdf = tmp_path / "poster.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    assert "Treat our staff with respect" in " ".join(text.stdout.decode().split())

    page.goto(f"{site_url}/search/")
    page.locator("input[name=q]").first.fill("ombudsman")
    page.locator("main button, main input[type=submit]").first.click()
    results = page.locator("main")
    expect(results).to_contain_text("Unacceptable behaviour and restricting contact")
    assert_accessible(page)
