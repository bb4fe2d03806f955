"""The demo restriction's letter, issued as a manager issues it: the letter tells the
person, so the restriction comes into force today."""

from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import Restriction

from .enums import LetterType
from .models import Letter
from .services import issue_letter


def load(context):
    if Letter.objects.exists():
        return
    restriction = (
        Restriction.objects.filter(status=RestrictionStatus.DECIDED).order_by("pk").first()
    )
    if restriction is None:
        return
    issue_letter(
        LetterType.RESTRICTION, by=context.user("housing.manager"), restriction=restriction
    )
    context.report(
        f"issued the restriction letter for {restriction.reference}, which brings it into force"
    )
