from django.urls import path

from . import leaders_views, stars_views, views

urlpatterns = [
    path("", views.overview_page, name="reputation"),
    path("providers/", views.providers_page, name="reputation_providers"),
    path("providers/import/", views.import_roster, name="reputation_import"),
    path("providers/add/", views.add_provider, name="reputation_add"),
    path("providers/<str:npi>/", views.provider_page, name="reputation_provider"),
    path("providers/<str:npi>/listings/", views.attach_listing, name="reputation_attach"),
    path("providers/<str:npi>/candidates/", views.find_candidates, name="reputation_find"),
    path("providers/<str:npi>/candidates/<int:pk>/", views.decide_candidate, name="reputation_decide"),
    path("locations/", views.locations_page, name="reputation_locations"),
    path("nearby/", views.nearby_page, name="reputation_nearby"),
    path("fixes/<str:site>.csv", views.fixes_csv, name="reputation_fixes"),
    path("departments/", leaders_views.leaders_page, name="reputation_leaders"),
    path("departments/leader/", leaders_views.leaders_set, name="reputation_leaders_set"),
    path("stars/", stars_views.stars_page, name="reputation_stars"),
    path("stars/import/", stars_views.stars_import, name="reputation_stars_import"),
    path("stars/comments/<int:pk>/", stars_views.stars_review, name="reputation_stars_review"),
    path("stars/publish/", stars_views.stars_publish, name="reputation_stars_publish"),
]
