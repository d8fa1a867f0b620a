from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from core.views import robots_txt
from nutrients.sitemaps import sitemaps

admin.site.site_header = "Cramp Nutrients: editors"
admin.site.site_title = "Cramp Nutrients editors"
admin.site.index_title = "Content"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),  # DJANGO_ADMIN_URL, default "admin/"
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    # Browsers ask for /favicon.ico on pages without an icon link (admin): no 404 noise.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("checker/", include("assessment.urls")),
    path("search/", include("search.urls")),
    path("", include("feedback.urls")),
    path("", include("nutrients.urls")),
]
