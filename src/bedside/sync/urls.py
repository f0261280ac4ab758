from django.urls import path

from bedside.sync import views

urlpatterns = [
    path("channels/<int:pk>/", views.channel_detail, name="channel_detail"),
    path("channels/<int:pk>/sync/", views.channel_sync, name="channel_sync"),
    path("channels/<int:pk>/credentials/", views.channel_credentials, name="channel_credentials"),
    path("channels/<int:pk>/connect/", views.channel_connect, name="channel_connect"),
    path("oauth/callback/<slug:network>/", views.oauth_callback, name="oauth_callback"),
]
