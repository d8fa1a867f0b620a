from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from nutrients.sitemaps import sitemaps
from nutrients.views import robots_txt

admin.site.site_header = "Cramp Nutrients: editors"
admin.site.site_title = "Cramp Nutrients editors"
admin.site.index_title = "Content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("checker/", include("assessment.urls")),
    path("", include("nutrients.urls")),
]
