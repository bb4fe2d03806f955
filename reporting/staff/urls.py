"""The staff area, under /staff/: the front's own pages and each app's routes, in one
namespace ("staff")."""

from reporting.access import urls as access
from reporting.customers import views as customers
from reporting.incidents import views as incidents
from reporting.letters import views as letters
from reporting.markers import views as markers
from reporting.restrictions import views as restrictions

from . import views

app_name = "staff"

urlpatterns = [
    *views.urlpatterns,
    *access.urlpatterns,
    *incidents.urlpatterns,
    *customers.urlpatterns,
    *markers.urlpatterns,
    *restrictions.urlpatterns,
    *letters.urlpatterns,
]
