"""Site-wide views that belong to no content app."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    admin_url = reverse("admin:index")  # follows DJANGO_ADMIN_URL
    lines = ["User-agent: *", f"Disallow: {admin_url}", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
