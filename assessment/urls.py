from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.start, name="start"),
    path("warnings/", views.warnings, name="warnings"),
    path("urgent/", views.urgent, name="urgent"),
    path("question/<int:question_id>/", views.question, name="question"),
    path("review/", views.review, name="review"),
    path("result/", views.result, name="result"),
    path("clear/", views.clear, name="clear"),
    path("about/", views.about, name="about"),
]
