from django.apps import AppConfig

# Periodic work of publishing, enqueued by `bedside worker`'s scheduler. Every
# minute: a post is due at its minute, and the claim makes overlapping runs safe.
# Recurring and evergreen occurrences are made four weeks ahead, so every few
# minutes is plenty (an approval or a change makes them at once anyway).
SCHEDULES = [
    ("publish due posts", "bedside.publishing.tasks.publish_due", 60),
    ("make recurring posts", "bedside.publishing.tasks.make_occurrences", 300),
]


class PublishingConfig(AppConfig):
    name = "bedside.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from bedside.workspace import scheduler

        for entry in SCHEDULES:
            if entry not in scheduler.DEFAULTS:
                scheduler.DEFAULTS.append(entry)
