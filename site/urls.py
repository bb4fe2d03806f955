from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from policy_pages import urls as policy_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("staff/", include("reporting.staff.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(policy_urls)),
    # The public letter check, /check-a-letter/ (reporting/letters/public_urls.py).
    path("", include("reporting.letters.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_MODE:
    from safecontact import bench

    urlpatterns += [path("bench-ceiling/", bench.ceiling)]

urlpatterns += [
    path("search/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
]
