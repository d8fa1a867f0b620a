"""The site's URLconf with the admin moved, as DJANGO_ADMIN_URL=editors/ would do."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("editors/", admin.site.urls),
    path("checker/", include("assessment.urls")),
    path("", include("nutrients.urls")),
]
