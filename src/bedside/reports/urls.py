from django.urls import path

from bedside.reports import views

urlpatterns = [
    path("", views.reports, name="reports"),
    path("benchmark/", views.benchmark_report, name="report_benchmark"),
]
