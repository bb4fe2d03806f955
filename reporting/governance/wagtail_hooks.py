from wagtail import hooks

from .viewsets import GovernanceGroup


@hooks.register("register_admin_viewset")
def register_governance():
    return GovernanceGroup()
