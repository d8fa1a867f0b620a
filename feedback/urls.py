from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.give, name="give"),
    path("contact/", views.contact, name="contact"),
]
