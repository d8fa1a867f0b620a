from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import FoodSource, Nutrient, Page


class NutrientSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Nutrient.objects.published()

    def lastmod(self, obj):
        """When the text was last checked against its sources (not any save, e.g. a reorder)."""
        return obj.reviewed_on


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().filter(placement=Page.Placement.STANDALONE)

    def lastmod(self, obj):
        """When the text was last checked against its sources (not any save, e.g. a reorder)."""
        return obj.reviewed_on


class FoodSitemap(Sitemap):
    priority = 0.4

    def items(self):
        return FoodSource.objects.all()


class StaticViewSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return [
            "nutrients:home",
            "nutrients:nutrient-list",
            "nutrients:compare",
            "nutrients:food-list",
            "nutrients:factors",
            "nutrients:glossary",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "static": StaticViewSitemap,
    "nutrients": NutrientSitemap,
    "pages": PageSitemap,
    "foods": FoodSitemap,
}
