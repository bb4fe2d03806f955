"""The whole path from a report to a letter that cites the exact policy version:

staff report → manager warns → manager proposes → an independent decision maker approves
→ the manager issues the restriction letter → its policy link opens version N → the
policy is published again (N+1) → the same link still shows version N, pointing to N+1.
"""

import datetime
import re

from playwright.sync_api import expect

POLICY = "/unacceptable-behaviour-policy/"


def fill_date(page, name, day):
    page.fill(f"input[name={name}_0]", str(day.day))
    page.fill(f"input[name={name}_1]", str(day.month))
    page.fill(f"input[name={name}_2]", str(day.year))


def report_incident(page, site_url, sign_in):
    """Frontline staff report a new person; the answer is the incident's reference."""
    sign_in(page, "frontline")
    page.goto(f"{site_url}/staff/incidents/new/")
    page.check("input[name=who][value=new]")
    page.fill("input[name=first_name]", "Tamsin")
    page.fill("input[name=last_name]", "Rowe")
    page.fill("input[name=postcode]", "FH5 8XY")
    fill_date(page, "occurred_on", datetime.date.today() - datetime.timedelta(days=3))
    page.fill("input[name=occurred_time]", "14:40")
    page.select_option("select[name=service_area]", label="Housing")
    page.check("input[name=location_kind][value=site]")
    page.fill("input[name=site]", "Civic Offices reception")
    page.check("input[name=channel][value=face_to_face]")
    page.get_by_label("Threats", exact=True).check()
    page.fill("textarea[name=description]", "Threatened to smash the reception screen.")
    for question in ("injury", "violence", "police_informed", "riddor_reportable"):
        page.check(f"input[name={question}][value=no]")
    page.check("input[name=safeguarding_concern][value=no]")
    page.get_by_role("button", name="Send report").last.click()
    return re.search(r"INC-\d+", page.locator(".govuk-panel").inner_text()).group(0)


def test_report_to_letter_citing_the_exact_policy_version(
    page, site_url, sign_in, assert_accessible
):
    incident = report_incident(page, site_url, sign_in)

    # The housing manager opens the person's record from the incident and warns them.
    sign_in(page, "housing.manager")
    page.goto(f"{site_url}/staff/incidents/{incident}/")
    page.locator("main a[href^='/staff/customers/C-']").first.click()
    expect(page.locator("h1")).to_have_text("Tamsin Rowe")
    customer_url = page.url

    page.get_by_role("button", name="Give a warning").click()
    page.get_by_label(re.compile(incident)).check()
    when = datetime.date.today() - datetime.timedelta(days=3)
    page.fill(
        "textarea[name=behaviour]",
        f"On {when.day} {when:%B} you threatened to smash the reception screen.",
    )
    page.fill("textarea[name=change_expected]", "Speak to staff without threats.")
    page.fill("textarea[name=consequences]", "We may limit how you can contact us.")
    page.check("input[name=channel][value=in_person]")
    fill_date(page, "given_on", datetime.date.today())
    page.get_by_role("button", name="Record the warning").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Warning W-")

    # The proposal: refused while incomplete, accepted once complete.
    page.get_by_role("button", name="Propose a restriction").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send for a decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one restriction")
    assert_accessible(page)
    page.get_by_label(re.compile(incident)).check()
    page.check("input[name=concern][value=abusive]")
    page.fill(
        "textarea[name=behaviour]",
        f"On a visit on {when.day} {when:%B} you threatened to smash the screen.",
    )
    page.fill("textarea[name=checks_made]", "The repair complaint was answered in full.")
    page.fill("textarea[name=needs_considered]", "None recorded; we asked.")
    page.fill("textarea[name=alternatives]", "A meeting was offered and refused.")
    page.fill("textarea[name=reasons]", "Threats continued after a warning.")
    page.get_by_label("Contact in writing only").check()
    page.fill("textarea[name=arrangements]", "Write to the housing team at the Civic Offices.")
    page.fill("input[name=named_contact]", "Housing team leader")
    page.fill("textarea[name=essential_services]", "Emergency repairs line, open all hours.")
    page.check("input[name=scope][value=council]")
    page.fill("textarea[name=staff_told]", "Reception and housing officers.")
    page.fill("input[name=reconsideration_contact]", "The Director of Corporate Services")
    page.get_by_role("button", name="Send for a decision").click()
    expect(page.locator("h1")).to_contain_text("Restricting contact with Tamsin Rowe")
    restriction = re.search(r"R-\d+", page.url).group(0)

    # An independent decision maker finds the proposal in their tasks and approves it.
    sign_in(page, "decision.maker")
    page.goto(f"{site_url}/staff/")
    proposals = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Proposals waiting"))
    )
    assert_accessible(page)
    proposals.get_by_role("link", name=restriction).click()
    page.get_by_role("button", name="Decide this proposal").click()
    assert_accessible(page)
    page.check("input[name=decision][value=approved]")
    page.check("input[name=role][value='Head of Legal Services']")
    page.fill("textarea[name=reasons]", "Proportionate; essential services stay open.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("Decided: letter not yet issued")
    expect(page.locator("main")).to_contain_text("Not in force yet")
    assert_accessible(page)

    # The manager finds the letter waiting, previews it and issues it: that tells the
    # person, and the restriction comes into force.
    sign_in(page, "housing.manager")
    page.goto(f"{site_url}/staff/")
    letters = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Letters waiting"))
    )
    assert_accessible(page)
    letters.get_by_role("link", name=restriction).click()
    letter_preview = page.url
    expect(page.locator("main")).to_contain_text("only in writing")
    expect(page.locator("main")).to_contain_text("comes into force on")
    assert_accessible(page)

    # The report gave no postal address: the letter cannot go until the record has one.
    expect(page.locator(".govuk-error-summary")).to_contain_text("has no postal address")
    expect(page.get_by_role("button", name="Issue this letter")).to_have_count(0)
    page.get_by_role("link", name="Add the postal address").click()
    assert_accessible(page)
    page.fill("textarea[name=address]", "2 Chapel Yard\nFernhollow")
    page.fill("textarea[name=reason]", "She gave her address at the counter.")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("details have been changed")
    page.goto(letter_preview)
    expect(page.locator(".sc-letter__recipient")).to_contain_text("2 Chapel Yard")
    page.get_by_role("button", name="Issue this letter").click()
    expect(page.locator("h1")).to_contain_text("FDC-")
    letter_page = page.url

    # In force now: the review pages are there for the decision maker, and pass axe too.
    sign_in(page, "decision.maker")
    page.goto(f"{site_url}/staff/restrictions/{restriction}/")
    expect(page.locator("main")).to_contain_text("In force")
    page.goto(f"{site_url}/staff/reviews/?show=all")
    expect(page.locator("main")).to_contain_text(restriction)
    assert_accessible(page)
    page.goto(f"{site_url}/staff/restrictions/{restriction}/review/")
    assert_accessible(page)

    sign_in(page, "housing.manager")
    page.goto(letter_page)
    link = page.locator("main a[href*='/versions/']").first
    version_url = link.get_attribute("href")
    page_id, number = map(int, re.search(r"/versions/(\d+)/(\d+)/", version_url).groups())

    # The letter's link opens version N.
    page.goto(version_url)
    expect(page.locator("main")).to_contain_text(f"Version {number}")
    version_text = page.locator("main .sc-frozen").inner_text()

    # Health and safety's pages for the same case pass axe too: triage and equality details.
    sign_in(page, "safety.officer")
    page.goto(f"{site_url}/staff/incidents/{incident}/triage/")
    expect(page.locator("h1")).to_contain_text("Correct the safety answers")
    assert_accessible(page)
    page.goto(f"{customer_url}equality/")
    expect(page.locator("h1")).to_contain_text("Equality details")
    assert_accessible(page)
    page.goto(f"{customer_url}details/")
    assert_accessible(page)

    # The policy is published again: version N+1.
    page.context.clear_cookies()
    sign_in(page, "admin", admin=True)
    page.goto(f"{site_url}/admin/pages/{page_id}/edit/")
    page.fill("#id_summary", "Our rules on behaviour towards staff, checked again this winter.")
    page.fill("#id_change_note", "Checked the summary again.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile(r"^\s*Publish\s*$")).click()
    expect(page.locator(".messages")).to_contain_text("published")

    # The same link still shows version N's words, with a notice pointing to N+1.
    page.context.clear_cookies()
    page.goto(version_url)
    assert page.locator("main .sc-frozen").inner_text() == version_text
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Read the current version (version {number + 1})"
    )
    page.goto(f"{site_url}{POLICY}")
    expect(page.locator("main")).to_contain_text("checked again this winter")
