"""Information governance's pages, under /staff/ (the staff app gathers them in one
namespace). Each concern keeps its own list of routes beside its views."""

from .views import export, monitoring, retention

urlpatterns = [
    *monitoring.urlpatterns,
    *export.urlpatterns,
    *retention.urlpatterns,
]
