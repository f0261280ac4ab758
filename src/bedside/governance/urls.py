from django.urls import path

from bedside.governance import archive_views, matrix_views, policy_views, training_views, views

urlpatterns = [
    path("", views.governance, name="governance"),
    path("retention/", views.set_retention, name="governance_retention"),
    path("holds/", views.place_hold, name="governance_hold"),
    path("holds/<int:pk>/lift/", views.lift_hold, name="governance_lift"),
    path("policies/", policy_views.policy_list, name="governance_policies"),
    path("policies/<str:kind>/propose/", policy_views.propose, name="governance_policy_propose"),
    path("policies/versions/<int:pk>/review/", policy_views.review, name="governance_policy_review"),
    path("policies/employee/", policy_views.employee, name="governance_employee_policy"),
    path("policies/versions/<int:pk>/accept/", policy_views.accept, name="governance_policy_accept"),
    path("training/", training_views.course, name="governance_training"),
    path("training/take/", training_views.take, name="governance_training_take"),
    path("training/scenarios/", training_views.add_scenario, name="governance_scenario_add"),
    path(
        "training/scenarios/<int:pk>/toggle/",
        training_views.toggle_scenario,
        name="governance_scenario_toggle",
    ),
    path("training/requirements/", training_views.set_requirements, name="governance_training_requirements"),
    path("matrix/", matrix_views.page, name="governance_matrix"),
    path("matrix/<int:pk>/", matrix_views.save, name="governance_matrix_save"),
    path("archive/", archive_views.page, name="governance_archive"),
]
