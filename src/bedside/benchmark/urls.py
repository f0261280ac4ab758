from django.urls import path

from bedside.benchmark import owned_media, views

urlpatterns = [
    path("", views.benchmark, name="benchmark"),
    path("organizations/<int:pk>/media/", owned_media.owned_media, name="owned_media"),
    path("media/<int:pk>/delete/", owned_media.owned_media_delete, name="owned_media_delete"),
]
