from django.urls import path

from bedside.workspace.views import pages

urlpatterns = [
    path("", pages.reports, name="reports"),
]
