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
