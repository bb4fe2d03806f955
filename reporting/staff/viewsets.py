"""The "Staff records" menu of the Wagtail admin, gathering each app's listings."""

from wagtail.admin.viewsets.base import ViewSetGroup

from policy_pages.viewsets import RestrictionTypeViewSet
from reporting.access.viewsets import ServiceAreaViewSet
from reporting.customers.viewsets import CustomerViewSet
from reporting.incidents.viewsets import BehaviourCategoryViewSet, IncidentViewSet
from reporting.letters.viewsets import LetterTemplateViewSet, LetterViewSet


class StaffRecordsGroup(ViewSetGroup):
    menu_label = "Staff records"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        IncidentViewSet,
        CustomerViewSet,
        ServiceAreaViewSet,
        BehaviourCategoryViewSet,
        RestrictionTypeViewSet,
        LetterTemplateViewSet,
        LetterViewSet,
    )
