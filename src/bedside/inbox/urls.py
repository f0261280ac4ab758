from django.urls import path

from bedside.inbox.views import listing, message, oncall, review, setup

urlpatterns = [
    path("", listing.inbox, name="inbox"),
    path("<int:pk>/", message.message_view, name="inbox_message"),
    path("<int:pk>/check/", message.check_draft, name="inbox_check"),
    path("<int:pk>/replies/", message.reply_create, name="inbox_reply"),
    path("<int:pk>/replies/<int:reply_pk>/", message.reply_action, name="inbox_reply_action"),
    path("<int:pk>/actions/", message.message_action, name="inbox_message_action"),
    path("<int:pk>/acknowledge/", message.acknowledge, name="inbox_acknowledge"),
    path("<int:pk>/takedown/", message.takedown_confirm, name="inbox_takedown_confirm"),
    path("approvals/", review.approvals, name="inbox_approvals"),
    path("approvals/<int:reply_pk>/", review.review_reply, name="inbox_review"),
    path("canned/", review.canned_list, name="inbox_canned"),
    path("canned/check/", review.canned_check, name="inbox_canned_check"),
    path("canned/<int:pk>/versions/", review.canned_propose, name="inbox_canned_propose"),
    path("canned/versions/<int:version_pk>/review/", review.canned_review, name="inbox_canned_review"),
    path("settings/", setup.inbox_settings, name="inbox_settings"),
    path("settings/<str:kind>/<int:pk>/delete/", setup.inbox_settings_delete, name="inbox_settings_delete"),
    path("settings/alert/<int:pk>/test/", setup.test_alert, name="inbox_test_alert"),
    path("on-call/", oncall.schedule, name="inbox_on_call"),
    path("on-call/<int:pk>/delete/", oncall.delete_shift, name="inbox_on_call_delete"),
    path("response-times/", setup.times, name="inbox_times"),
]
