"""Helpers the browser tests share: the demo accounts' password and authenticator codes."""

import time

from django_otp.oath import TOTP

DEMO_PASSWORD = "browser-demo-password"
# The authenticator key load_demo_content gives every account that needs a second factor.
DEMO_TOTP_KEY = "42726f777365722d7465737473206f6e6c792121"


# The last time step whose code each account used: the server refuses a code from a
# step it has already accepted, so a second sign-in within 30 seconds uses the next one.
_LAST_STEP = {}


def authenticator_code(username, *, step_offset=0):
    """The demo authenticator's code for ``username``, never one the server has taken."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    step = max(totp.t(), _LAST_STEP.get(username, -1) + 1)
    # The server accepts the next step's code too (one step of tolerance); beyond that,
    # wait for the clock.
    while step > totp.t() + 1:
        time.sleep(1)
        totp.time = time.time()
    _LAST_STEP[username] = step
    totp.time = (step + step_offset) * totp.step + 1
    return f"{totp.token():06d}"


def answer_two_factor(page, username):
    """Enter the authenticator code if the site asks for one."""
    if "/staff/two-factor/" not in page.url:
        return
    page.fill("input[name=code]", authenticator_code(username))
    page.get_by_role("button", name="Continue").click()


# Every page a member of the public reaches, as paths on the demo site.
PUBLIC_PAGES = [
    "/",
    "/our-commitment/",
    "/unacceptable-behaviour-policy/",
    "/unacceptable-behaviour-policy/versions/",
    "/unacceptable-behaviour-policy/versions/2/",
    "/unacceptable-behaviour-policy/versions/2/compare/1/",
    "/posters/",
    "/posters/no-violence/",
    "/posters/treat-our-staff-with-respect/versions/",
    "/posters/treat-our-staff-with-respect/versions/2/",
    "/posters/treat-our-staff-with-respect/versions/2/compare/1/",
    "/search/?q=respect",
    "/privacy-notice/",
    "/accessibility-statement/",
    "/check-a-letter/",
    "/staff/sign-in/",
]

# Every staff page, each with a demo account whose role reaches it.
STAFF_PAGES = [
    ("frontline", "/staff/"),
    ("frontline", "/staff/incidents/new/"),
    ("frontline", "/staff/my-reports/"),
    ("frontline", "/staff/check/"),
    ("housing.manager", "/staff/incidents/"),
    ("housing.manager", "/staff/incidents/INC-000001/"),
    ("housing.manager", "/staff/incidents/INC-000001/triage/"),
    ("housing.manager", "/staff/incidents/INC-000001/follow-up/"),
    ("housing.manager", "/staff/customers/C-000001/"),
    ("housing.manager", "/staff/customers/C-000001/details/"),
    ("housing.manager", "/staff/customers/C-000001/warnings/new/"),
    ("housing.manager", "/staff/customers/C-000001/restrictions/new/"),
    ("housing.manager", "/staff/customers/C-000001/markers/new/"),
    ("housing.manager", "/staff/restrictions/R-000001/"),
    ("housing.manager", "/staff/restrictions/R-000001/reconsiderations/new/"),
    ("housing.manager", "/staff/reviews/"),
    ("housing.manager", "/staff/reviews/?show=all"),
    ("housing.manager", "/staff/reviews/?show=markers"),
    ("housing.manager", "/staff/reviews/?show=letters"),
    ("housing.manager", "/staff/letters/FDC-2026-00001/"),
    ("housing.manager", "/staff/letters/new/restriction/R-000001/?corrects=FDC-2026-00001"),
    ("decision.maker", "/staff/restrictions/R-000001/review/"),
    ("records.officer", "/staff/governance/monitoring/"),
    ("records.officer", "/staff/governance/retention/"),
    ("records.officer", "/staff/governance/subject-access/"),
    ("records.officer", "/staff/reasons-given/"),
    ("records.officer", "/staff/audit/"),
]


def sign_in_staff(page, site_url, username):
    """Sign ``username`` in afresh to the staff area, answering the second factor."""
    page.context.clear_cookies()
    page.goto(f"{site_url}/staff/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/staff/sign-in/" not in url)
    answer_two_factor(page, username)
    page.wait_for_url(lambda url: "/staff/two-factor/" not in url)


def sign_in_admin(page, site_url, username):
    """Sign ``username`` in afresh to the Wagtail admin, answering the second factor."""
    page.context.clear_cookies()
    page.goto(f"{site_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    answer_two_factor(page, username)
    page.wait_for_url(f"{site_url}/admin/")
