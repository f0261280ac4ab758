from django.urls import path

from bedside.listening import staff_views, views

urlpatterns = [
    path("", views.searches, name="listening"),
    path("new/", views.new_search, name="listening_new"),
    path("<int:pk>/", views.search_detail, name="listening_search"),
    path("<int:pk>/run/", views.run_now, name="listening_run"),
    path("<int:pk>/export/", views.export_mentions, name="listening_export"),
    path("mentions/<int:pk>/", views.mention_detail, name="listening_mention"),
    path("mentions/<int:pk>/reviewed/", views.mention_reviewed, name="listening_reviewed"),
    path("staff/", staff_views.staff_page, name="listening_staff"),
    path("staff/posts/<int:pk>/", staff_views.staff_post, name="listening_staff_post"),
    path("staff/posts/<int:pk>/reviewed/", staff_views.staff_post_reviewed, name="listening_staff_reviewed"),
]
