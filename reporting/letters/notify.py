"""GOV.UK Notify, through its official client: sending an issued letter's PDF by post (a
precompiled letter) or as a link in an e-mail, and what Notify's status words mean here.

Only the letter's reference travels as Notify's reference; the PDF carries the rest. The
client signs each request with a token made from the API key (docs/deployment.md).
"""

import io

from django.conf import settings
from notifications_python_client import NotificationsAPIClient, prepare_upload
from notifications_python_client.errors import APIError

from .enums import DeliveryStatus

# Notify's statuses for e-mails and letters, as our delivery statuses.
STATUSES = {
    "created": DeliveryStatus.SENDING,
    "sending": DeliveryStatus.SENDING,
    "pending": DeliveryStatus.SENDING,
    "pending-virus-check": DeliveryStatus.SENDING,
    "accepted": DeliveryStatus.SENDING,
    "received": DeliveryStatus.RECEIVED,
    "delivered": DeliveryStatus.DELIVERED,
    "returned-letter": DeliveryStatus.RETURNED,
    "permanent-failure": DeliveryStatus.FAILED,
    "temporary-failure": DeliveryStatus.FAILED,
    "technical-failure": DeliveryStatus.FAILED,
    "validation-failed": DeliveryStatus.FAILED,
    "virus-scan-failed": DeliveryStatus.FAILED,
    "cancelled": DeliveryStatus.FAILED,
}

# What staff are told when Notify gives up, in words they can act on.
FAILURES = {
    "permanent-failure": "GOV.UK Notify could not deliver it: the address does not exist "
    "or the person's provider refused it.",
    "temporary-failure": "GOV.UK Notify could not deliver it: the person's inbox was full "
    "or their provider was unavailable.",
    "technical-failure": "GOV.UK Notify could not send it because of a problem at Notify.",
    "validation-failed": "GOV.UK Notify refused the PDF: it does not meet Notify's letter "
    "specification (the address block, margins or page size).",
    "virus-scan-failed": "GOV.UK Notify's virus check refused the PDF.",
    "cancelled": "The letter was cancelled in GOV.UK Notify before it was printed.",
    "returned-letter": "Royal Mail returned the letter to the council as undeliverable.",
}


class NotifyNotConfigured(Exception):
    """Sending was asked for, but no API key is set."""


def is_configured() -> bool:
    return bool(settings.NOTIFY_API_KEY)


def sends_email() -> bool:
    """Whether letters may go by e-mail: an e-mail template is set."""
    return is_configured() and bool(settings.NOTIFY_EMAIL_TEMPLATE_ID)


def client():
    if not is_configured():
        raise NotifyNotConfigured("NOTIFY_API_KEY is not set")
    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY,
        base_url=settings.NOTIFY_BASE_URL,
        timeout=settings.NOTIFY_TIMEOUT_SECONDS,
    )


def send_by_post(*, reference, pdf):
    """Send ``pdf`` (bytes) as a precompiled letter; Notify reads the address from it."""
    return client().send_precompiled_letter_notification(
        reference, io.BytesIO(pdf), postage=settings.NOTIFY_LETTER_POSTAGE
    )


def send_by_email(*, reference, pdf, email_address, subject, council_name):
    """E-mail a link to ``pdf`` through the e-mail template; the person confirms their
    address before the file opens."""
    upload = prepare_upload(
        io.BytesIO(pdf),
        filename=f"{reference}.pdf",
        confirm_email_before_download=True,
        retention_period=f"{settings.NOTIFY_FILE_RETENTION_WEEKS} weeks",
    )
    return client().send_email_notification(
        email_address,
        settings.NOTIFY_EMAIL_TEMPLATE_ID,
        personalisation={
            "letter_reference": reference,
            "letter_subject": subject,
            "council_name": council_name,
            "link_to_letter": upload,
        },
        reference=reference,
    )


def error_words(error) -> str:
    """A refusal from Notify, or a failure to reach it, in a line staff can keep."""
    if isinstance(error, APIError):
        message = error.message
        if isinstance(message, list):
            message = "; ".join(
                str(item.get("message", item)) if isinstance(item, dict) else str(item)
                for item in message
            )
        return f"GOV.UK Notify refused it ({error.status_code}): {message}"[:300]
    if isinstance(error, ValueError):
        return f"The letter could not be sent through GOV.UK Notify: {error}"[:300]
    return f"GOV.UK Notify could not be reached ({type(error).__name__})."
