"""Clean markup on every page: axe-core finds no WCAG 2.2 A or AA failure on any public or
staff page, on a form sent back with errors, on a form's confirmation, or in the admin
forms we define; the Nu HTML checker finds no error in any page as the server sends it.

Each page is visited once, by one browser context per role. axe runs on the page as the
browser shows it; the server's HTML is saved, and the Nu checker (the vnu-jar package,
run by Debian's Java) reads every saved page in one run, since starting Java is slow.
"""

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import WCAG_TAGS
from tests.browser.helpers import (
    PUBLIC_PAGES,
    STAFF_PAGES,
    sign_in_admin,
    sign_in_staff,
)

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ERROR_SUMMARY = ".govuk-error-summary"

# The admin edit form of each page type we define, found from a page of that type, and
# the account that edits them.
ADMIN_EDITOR = "comms.editor"
ADMIN_FORMS = [
    ("home page", "/"),
    ("commitment page", "/our-commitment/"),
    ("policy page", "/unacceptable-behaviour-policy/"),
    ("standard page", "/privacy-notice/"),
    ("poster index", "/posters/"),
    ("poster page", "/posters/treat-our-staff-with-respect/"),
]
# The settings and snippets we define, kept by the superuser.
ADMIN_SUPERUSER = "admin"
ADMIN_SETTINGS_FORMS = [
    ("council settings", "/admin/settings/home/councilsettings/"),
    ("reconsideration settings", "/admin/settings/home/reconsiderationsettings/"),
    ("correspondence settings", "/admin/settings/home/correspondencesettings/"),
    ("new ombudsman", "/admin/snippets/home/ombudsman/add/"),
    ("new restriction type", "/admin/snippets/policy_pages/restrictiontype/add/"),
]


def axe_failures(axe, page, context=None):
    """axe-core's WCAG 2.2 A and AA failures on the page, one readable line each."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    results = axe.run(page, context=context, options=options)
    return [
        f"{violation['id']} ({violation['impact']}) at {node['target']}: {violation['help']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


class Visitor:
    """One browser context for each role, signed in once, that checks every page it opens."""

    def __init__(self, browser, site_url, axe, folder):
        self.browser = browser
        self.site_url = site_url
        self.axe = axe
        self.folder = folder
        self.pages = {}
        self.saved = {}  # file name -> what the page was
        self.failures = {}  # what the page was -> axe failures

    def page_for(self, role):
        if role not in self.pages:
            context = self.browser.new_context()
            page = context.new_page()
            if role.startswith("admin:"):
                sign_in_admin(page, self.site_url, role.removeprefix("admin:"))
            elif role != "public":
                sign_in_staff(page, self.site_url, role)
            self.pages[role] = page
        return self.pages[role]

    def check(self, page, name, response):
        """Run axe on what the browser shows and keep the HTML the server sent."""
        self.failures[name] = axe_failures(self.axe, page)
        file_name = f"{len(self.saved):03d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}"
        path = self.folder / f"{file_name.strip('-')[:80]}.html"
        path.write_text(response.text(), encoding="utf-8")
        self.saved[path.name] = name

    def visit(self, role, path):
        page = self.page_for(role)
        response = page.goto(self.site_url + path)
        assert response.status == 200, f"{path} as {role} answered {response.status}"
        name = path if role == "public" else f"{path} as {role}"
        self.check(page, name, response)

    def submit(self, page, name, button, *, showing):
        """Press ``button`` and check the page the server answers with, which must show
        the element ``showing`` (an error summary, a confirmation panel)."""
        with page.expect_navigation() as navigation:
            button.click()
        assert page.locator(showing).count() == 1, f"{name}: no {showing} on {page.url}"
        self.check(page, name, navigation.value)

    def close(self):
        for page in self.pages.values():
            page.context.close()


def visit_forms_after_submitting(visitor):
    """Forms sent back with errors (GOV.UK error summaries) and a report's confirmation."""
    site = visitor.site_url

    page = visitor.page_for("public")
    page.goto(f"{site}/check-a-letter/")
    visitor.submit(
        page,
        "/check-a-letter/ sent empty",
        page.get_by_role("button", name="Check the letter"),
        showing=ERROR_SUMMARY,
    )
    page.context.clear_cookies()
    page.goto(f"{site}/staff/sign-in/")
    page.fill("input[name=username]", "nobody.known")
    page.fill("input[name=password]", "not-the-password")
    visitor.submit(
        page,
        "/staff/sign-in/ with a wrong password",
        page.get_by_role("button", name="Sign in"),
        showing=ERROR_SUMMARY,
    )

    page = visitor.page_for("frontline")
    page.goto(f"{site}/staff/incidents/new/")
    visitor.submit(
        page,
        "/staff/incidents/new/ sent empty",
        page.get_by_role("button", name="Send report").last,
        showing=ERROR_SUMMARY,
    )
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.goto(f"{site}/staff/incidents/new/")
    page.check("input[name=who][value=unknown]")
    page.fill("textarea[name=unknown_description]", "Woman in a red coat, about 40.")
    page.fill("input[name=occurred_on_0]", str(yesterday.day))
    page.fill("input[name=occurred_on_1]", str(yesterday.month))
    page.fill("input[name=occurred_on_2]", str(yesterday.year))
    page.fill("input[name=occurred_time]", "11:30")
    page.select_option("select[name=service_area]", label="Housing")
    page.check("input[name=location_kind][value=site]")
    page.fill("input[name=site]", "Civic Offices reception")
    page.check("input[name=channel][value=face_to_face]")
    page.get_by_label("Threats", exact=True).check()
    page.fill("textarea[name=description]", "Shouted at the counter and would not leave.")
    for question in ("injury", "violence", "police_informed", "riddor_reportable"):
        page.check(f"input[name={question}][value=no]")
    page.check("input[name=safeguarding_concern][value=no]")
    visitor.submit(
        page,
        "/staff/incidents/new/ confirmation",
        page.get_by_role("button", name="Send report").last,
        showing=".govuk-panel--confirmation",
    )


def check_admin_form(visitor, page, name, form):
    """axe on what we put in an admin form, a tab at a time: Wagtail's own chrome (header,
    menus, the action bar at the form's foot) is not ours."""
    tabs = page.locator(f"{form} [role=tab]")
    if not tabs.count():
        context = {"include": [[form]], "exclude": [[f"{form} footer"]]}
        visitor.failures[name] = axe_failures(visitor.axe, page, context)
    for index in range(tabs.count()):
        tabs.nth(index).click()
        label = tabs.nth(index).inner_text().strip()
        context = {"include": [[f"{form} [role=tabpanel]:not([hidden])"]]}
        visitor.failures[f"{name}, {label} tab"] = axe_failures(visitor.axe, page, context)


def visit_admin_forms(visitor):
    """The edit form of each page type, setting and snippet we define."""
    page = visitor.page_for(f"admin:{ADMIN_EDITOR}")
    for kind, public_path in ADMIN_FORMS:
        # The editor bar on a page the editor can change links to its edit form.
        served = page.goto(visitor.site_url + public_path).text()
        edit_link = re.search(r"/admin/pages/\d+/edit/", served)
        assert edit_link, f"{public_path} shows {ADMIN_EDITOR} no link to edit it"
        page.goto(visitor.site_url + edit_link.group(0))
        check_admin_form(visitor, page, f"admin edit form of the {kind}", "#page-edit-form")
    page = visitor.page_for(f"admin:{ADMIN_SUPERUSER}")
    for kind, path in ADMIN_SETTINGS_FORMS:
        response = page.goto(visitor.site_url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        check_admin_form(visitor, page, f"admin form of the {kind}", "#w-editor-form")


@pytest.fixture(scope="module")
def checked(browser, site_url, axe, tmp_path_factory):
    """Every page visited and run through axe once, its served HTML saved for the Nu checker."""
    visitor = Visitor(browser, site_url, axe, tmp_path_factory.mktemp("served-html"))
    try:
        for path in PUBLIC_PAGES:
            visitor.visit("public", path)
        for username, path in STAFF_PAGES:
            visitor.visit(username, path)
        visit_forms_after_submitting(visitor)
        visit_admin_forms(visitor)
        yield visitor
    finally:
        visitor.close()


def test_axe_finds_nothing_on_any_page(checked):
    assert len(checked.failures) > len(PUBLIC_PAGES) + len(STAFF_PAGES)
    report = [
        f"{name}:\n  " + "\n  ".join(failures)
        for name, failures in checked.failures.items()
        if failures
    ]
    assert not report, "axe found WCAG 2.2 A or AA failures:\n" + "\n".join(report)


def nu_errors(files):
    """The Nu HTML checker's errors in ``files``, read in one run of Java."""
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The checker writes its JSON report to standard error.
    return json.loads(run.stderr)["messages"]


def test_the_nu_checker_finds_no_error_in_any_page(checked):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: run `make test-deps` for the Nu HTML checker")
    assert VNU_JAR.exists(), "vnu-jar is missing: run `make install`"
    files = sorted(checked.folder.glob("*.html"))
    assert len(files) > len(PUBLIC_PAGES) + len(STAFF_PAGES)
    report = [
        f"{checked.saved.get(Path(message.get('url', '')).name, message.get('url'))} "
        f"line {message.get('lastLine', '?')}: {message['message']}"
        for message in nu_errors(files)
    ]
    assert not report, "The Nu HTML checker found errors:\n" + "\n".join(report)


def test_the_checks_notice_bad_markup(browser, axe, tmp_path):
    """An unlabelled field fails axe, and a duplicate id fails the Nu checker."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><input type="text" id="twice"><p id="twice">Again</p>'
        "</main></body></html>"
    )
    context = browser.new_context()
    page = context.new_page()
    page.set_content(html)
    assert any(line.startswith("label ") for line in axe_failures(axe, page))
    context.close()
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: run `make test-deps` for the Nu HTML checker")
    (tmp_path / "broken.html").write_text(html, encoding="utf-8")
    assert any(
        "Duplicate ID" in message["message"] for message in nu_errors([tmp_path / "broken.html"])
    )
