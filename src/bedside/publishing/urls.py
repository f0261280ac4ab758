from django.urls import path

from bedside.publishing import views

urlpatterns = [
    path("", views.check_page, name="publishing"),
    path("check/", views.check_fragment, name="publishing_check"),
]
