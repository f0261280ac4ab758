from django.urls import path

from bedside.benchmark import views

urlpatterns = [
    path("", views.benchmark, name="benchmark"),
]
