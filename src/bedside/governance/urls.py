from django.urls import path

from bedside.governance import views

urlpatterns = [
    path("", views.governance, name="governance"),
    path("retention/", views.set_retention, name="governance_retention"),
    path("holds/", views.place_hold, name="governance_hold"),
    path("holds/<int:pk>/lift/", views.lift_hold, name="governance_lift"),
]
