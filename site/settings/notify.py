"""GOV.UK Notify: sending issued letters by post or e-mail (docs/deployment.md, "GOV.UK
Notify"). Imported at the end of base.py. With no API key nothing is sent: letters are
downloaded and posted by hand, and staff record when they went."""

from safecontact.env import env_choice, env_int, env_str

# The service's API key, as Notify shows it once: "name-<service id>-<secret>". Empty: off.
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# The e-mail template whose ((link_to_letter)) carries the letter, for people who asked
# for e-mail. Without it, every letter Notify sends goes by post.
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID", "")
# The bearer token Notify sends with each delivery callback (set the same in Notify's
# callback settings). Empty: every callback is refused.
NOTIFY_CALLBACK_TOKEN = env_str("NOTIFY_CALLBACK_TOKEN", "")
NOTIFY_LETTER_POSTAGE = env_choice(
    "NOTIFY_LETTER_POSTAGE", ["first", "second", "economy"], "second"
)
# How long the letter stays downloadable from the link in the e-mail (Notify allows 1 to
# 78 weeks).
NOTIFY_FILE_RETENTION_WEEKS = env_int("NOTIFY_FILE_RETENTION_WEEKS", 26)
NOTIFY_TIMEOUT_SECONDS = env_int("NOTIFY_TIMEOUT_SECONDS", 30)
