from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.start, name="start"),
    path("step/", views.step, name="step"),
    path("about/", views.about, name="about"),
]
