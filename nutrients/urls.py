from django.urls import path

from . import views

app_name = "nutrients"

urlpatterns = [
    path("", views.home, name="home"),
    path("nutrients/", views.nutrient_list, name="nutrient-list"),
    path("nutrients/<slug:slug>/", views.nutrient_detail, name="nutrient-detail"),
    path("compare/", views.compare, name="compare"),
    path("compare/nutrient-comparison.csv", views.compare_csv, name="compare-csv"),
    path("foods/", views.food_list, name="food-list"),
    path("foods/<slug:slug>/", views.food_detail, name="food-detail"),
    path("other-causes-and-relief/", views.factors, name="factors"),
    path("glossary/", views.glossary, name="glossary"),
    # Stand-alone editor pages (about, conclusion, ...) last: the slug matches anything.
    path("<slug:slug>/", views.page_detail, name="page"),
]
