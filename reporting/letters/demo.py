"""The demo restriction's letters, issued as a manager would have issued them."""

from reporting.restrictions.models import CustomerWarning, Restriction

from .enums import LetterType
from .models import Letter
from .services import issue_letter


def load(context):
    if Letter.objects.exists():
        return
    restriction = Restriction.objects.filter(warning__isnull=False).order_by("pk").first()
    if restriction is None:
        return
    manager = context.user("housing.manager")
    warning = CustomerWarning.objects.get(pk=restriction.warning_id)
    issue_letter(LetterType.WARNING, by=manager, warning=warning)
    issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    context.report(f"issued the warning and restriction letters for {restriction.reference}")
