from django.apps import AppConfig

SCHEDULES = [
    ("retention", "bedside.governance.tasks.apply_retention", 86_400),
    # to settings.ARCHIVE_DIR, when set: yesterday, for a compliance archiver
    ("archive export", "bedside.governance.tasks.export_archive", 86_400),
]


class GovernanceConfig(AppConfig):
    name = "bedside.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from bedside.governance import matrix, policies, retention, training
        from bedside.inbox import alerts
        from bedside.workspace import approvals, gates, holds, scheduler

        approvals.add_steps("replies", matrix.reply_steps)
        alerts.add_told(matrix.told)

        if retention.mentions_covering not in holds.COVERING:
            holds.COVERING.append(retention.mentions_covering)

        for check in (policies.policy_gate, training.training_gate):
            if check not in gates.CHECKS:
                gates.CHECKS.append(check)

        for entry in SCHEDULES:
            if entry not in scheduler.DEFAULTS:
                scheduler.DEFAULTS.append(entry)
