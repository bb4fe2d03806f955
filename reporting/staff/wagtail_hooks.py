from wagtail import hooks

from .viewsets import StaffRecordsGroup


@hooks.register("register_admin_viewset")
def register_staff_records():
    return StaffRecordsGroup()
