"""What every staff view shares: sign-in, a staff role, and the user's reach."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from reporting.permissions import StaffAccess


@method_decorator(never_cache, name="dispatch")
class StaffView(LoginRequiredMixin):
    """Refuses anyone without a staff role; ``required_roles`` narrows it further."""

    required_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = StaffAccess(request.user)
        if not self.access.is_staff_member:
            raise PermissionDenied
        if self.required_roles and not self.access.has(*self.required_roles):
            raise PermissionDenied
        if not self.has_access():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_access(self) -> bool:
        """A further check, for views that need one."""
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_access"] = self.access
        return context
