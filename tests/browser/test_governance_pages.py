"""Information governance's own pages, as its officer uses them: monitoring, the
retention schedule's due list, and a subject-access export from listing to download.
axe checks each page."""

import zipfile

from playwright.sync_api import expect


def test_information_governance_pages(page, site_url, sign_in, assert_accessible):
    sign_in(page, "records.officer")

    page.get_by_role("link", name="Monitoring").click()
    expect(page.locator("h1")).to_have_text("Monitoring")
    expect(page.locator("main svg[role=img]").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site_url}/staff/governance/retention/")
    assert_accessible(page)

    page.goto(f"{site_url}/staff/governance/subject-access/")
    assert_accessible(page)
    page.fill("input[name=reference]", "C-000001")
    page.get_by_role("button", name="Show what the export will hold").click()
    expect(page.locator("h1")).to_contain_text("C-000001")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export (ZIP)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
    assert "index.html" in names
    assert "index.pdf" in names
    assert any(name.startswith("letters/") for name in names)
