from django.urls import path

from bedside.listening import views

urlpatterns = [
    path("", views.searches, name="listening"),
    path("new/", views.new_search, name="listening_new"),
    path("<int:pk>/", views.search_detail, name="listening_search"),
    path("<int:pk>/run/", views.run_now, name="listening_run"),
    path("mentions/<int:pk>/", views.mention_detail, name="listening_mention"),
    path("mentions/<int:pk>/reviewed/", views.mention_reviewed, name="listening_reviewed"),
]
