from django.urls import path

from bedside.publishing.views import best_time, calendar, campaign, check, compose, images, post

urlpatterns = [
    path("", check.check_page, name="publishing"),
    path("check/", check.check_fragment, name="publishing_check"),
    path("new/", compose.compose_page, name="publishing_compose"),
    path("preview/", compose.preview_fragment, name="publishing_preview"),
    path("calendar/", calendar.calendar_page, name="publishing_calendar"),
    path("approvals/", post.approvals_page, name="publishing_approvals"),
    path("best-times/", best_time.best_time_page, name="publishing_best_time"),
    path("campaigns/<slug:slug>/", campaign.campaign_page, name="publishing_campaign"),
    path("posts/<int:pk>/", post.post_page, name="publishing_post"),
    path("posts/<int:pk>/edit/", compose.compose_page, name="publishing_edit"),
    path("posts/<int:pk>/submit/", post.submit_post, name="publishing_submit"),
    path("posts/<int:pk>/review/", post.review_post, name="publishing_review"),
    path("posts/<int:pk>/images/", images.upload_image, name="publishing_upload"),
    path("images/<int:pk>/", images.image_file, name="publishing_image"),
    path("posts/<int:pk>/video/", images.upload_video, name="publishing_upload_video"),
    path("videos/<int:pk>/", images.video_file, name="publishing_video"),
    path("public-media/<str:token>/", images.public_media, name="publishing_public_media"),
    path("variants/<int:pk>/publish/", post.publish_variant, name="publishing_publish"),
    path("variants/<int:pk>/schedule/", post.schedule_variant, name="publishing_schedule"),
    path("variants/<int:pk>/move/", calendar.move_variant, name="publishing_move"),
]
