"""The `bedside` command.

Django is set up only by the commands that need it, so `bedside --help`,
`bedside check` and `bedside scan` start fast. Configuration problems are
reported as one line each (from Django's system checks, with the hint) and
exit with status 2.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
from typing import Any

import click

from bedside import __version__
from bedside.bootstrap import database_error, is_database_failure, migrate_quietly, setup_django

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class LazyGroup(click.Group):
    """Commands that live in other packages, imported only when used."""

    lazy: dict[str, str] = {
        "check": "bedside.guard.commands:check",
        "scan": "bedside.guard.commands:scan",
        # Each domain app brings its own commands (see each commands.py).
        "org": "bedside.sync.commands:org",
        "channel": "bedside.sync.commands:channel",
        "sync": "bedside.sync.commands:sync",
        "export": "bedside.sync.commands:export",
        "import": "bedside.sync.commands:import_",
        "report": "bedside.reports.commands:report",
        "posts": "bedside.publishing.commands:posts",
        "vocabulary": "bedside.workspace.commands:vocabulary",
        "approvals": "bedside.workspace.commands:approvals_chain",
        "patient-index": "bedside.workspace.commands:patient_index",
        "listen": "bedside.listening.commands:listen",
        "mentions": "bedside.listening.commands:mentions",
        "user": "bedside.workspace.commands:user",
        "retention": "bedside.governance.commands:retention",
        "archive": "bedside.governance.commands:archive",
        "policy": "bedside.governance.commands:policy",
        "providers": "bedside.reputation.commands:providers",
        "listings": "bedside.reputation.commands:listings",
        "stars": "bedside.reputation.commands:stars",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self._available()])

    def _available(self) -> list[str]:
        found = []
        for name, target in self.lazy.items():
            module = target.partition(":")[0]
            if importlib.util.find_spec(module.rsplit(".", 1)[0]) is not None:
                try:
                    if importlib.util.find_spec(module) is not None:
                        found.append(name)
                except ModuleNotFoundError:
                    pass
        return found

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            # Any command, any database: an unreachable or unprepared database is
            # one line naming DATABASE_URL, not a traceback.
            if is_database_failure(exc):
                raise database_error(exc) from None
            raise

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, _, attr = self.lazy[name].partition(":")
            try:
                return getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError:
                return None
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bedside")
def main() -> None:
    """Bedside: the social media command center with a HIPAA guard."""


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    setup_django(create_secrets=True)
    migrate_quietly(verbosity=1)


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--with-worker/--no-worker", default=False, help="Also run a task worker in this process.")
def serve(host: str, port: int, threads: int, with_worker: bool) -> None:
    """Run the web app (production WSGI server)."""
    setup_django(create_secrets=True)
    _serve(host, port, threads, with_worker=with_worker)


def _serve(host: str, port: int, threads: int, *, with_worker: bool, banner: str = "") -> None:
    import waitress

    from bedside.wsgi import application  # settles the heap on import (bedside.wsgi.settle)

    if with_worker:
        _start_worker_thread()
    _start_chart_warmup()
    click.echo(banner or f"Bedside is running at http://{host}:{port}/  (Ctrl+C stops it)")
    try:
        waitress.serve(application, host=host, port=port, threads=threads, ident="Bedside")
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another with --port"
        ) from None


def _start_chart_warmup() -> None:
    """Start the chart engine beside the server, not inside the first benchmark page."""

    def warm() -> None:
        try:
            from bedside.benchmark import charts

            charts.warm()
        except Exception as exc:  # noqa: BLE001 - a page draws its charts anyway; say why it will be slower
            click.echo(f"chart engine not started ahead of the first page: {exc}", err=True)

    threading.Thread(target=warm, name="bedside-chart-warmup", daemon=True).start()


def _start_worker_thread() -> None:
    from bedside.workspace import worker

    thread = threading.Thread(
        target=worker.run, kwargs={"in_thread": True}, name="bedside-worker", daemon=True
    )
    thread.start()


@main.command(name="worker")
@click.option("--queue", "queues", multiple=True, help="Only these queues (default: all).")
@click.option("--interval", default=1.0, show_default=True, type=click.FloatRange(0.0), help="Seconds between polls.")
@click.option("--batch", is_flag=True, help="Exit when the queue is empty.")
@click.option("--max-tasks", type=click.IntRange(1), default=None, help="Exit after this many tasks.")
@click.option("--no-schedule", is_flag=True, help="Do not enqueue periodic tasks from this worker.")
def worker_command(queues: tuple[str, ...], interval: float, batch: bool, max_tasks: int | None, no_schedule: bool) -> None:
    """Run background tasks; several workers may share a PostgreSQL queue."""
    setup_django(create_secrets=True)
    from bedside.workspace import worker

    worker.run(queues=list(queues) or None, interval=interval, batch=batch, max_tasks=max_tasks,
               schedule=not no_schedule)


@main.command()
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "social_manager", "responder", "compliance", "viewer"]),
)
@click.option("--email", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def createuser(username: str, role: str, email: str, password_stdin: bool) -> None:
    """Create a person who can sign in, with a role."""
    setup_django(create_secrets=True)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from bedside.workspace import people

    if get_user_model().objects.filter(username__iexact=username).exists():
        raise click.ClickException(f"a user named {username!r} already exists")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        validate_password(password, get_user_model()(username=username, email=email))
    except ValidationError as exc:
        raise click.ClickException("password: " + " ".join(exc.messages)) from None
    people.create_user(username, password, role, email=email, actor_label="cli")
    click.echo(f"Created {username} ({role}).")


@main.command()
def genkey() -> None:
    """Print a new encryption key for BEDSIDE_ENCRYPTION_KEY."""
    from cryptography.fernet import Fernet

    click.echo(Fernet.generate_key().decode())


@main.group()
def audit() -> None:
    """The audit log."""


@audit.command(name="verify")
def audit_verify() -> None:
    """Check that no audit entry was changed or removed."""
    setup_django()
    from bedside.workspace import audit as audit_log
    from bedside.workspace.models import AuditEntry

    problems = list(audit_log.verify())
    total = AuditEntry.objects.count()
    for problem in problems:
        click.echo(f"entry {problem.entry_id}: {problem.message}", err=True)
    if problems:
        click.echo(f"Audit chain BROKEN: {len(problems)} problem(s) in {total} entries.", err=True)
        sys.exit(1)
    click.echo(f"Audit chain intact: {total} entries verified.")


@audit.command(name="checkpoint")
def audit_checkpoint() -> None:
    """Sign the audit log's head now (count, last id, hash) into the checkpoint file and the log."""
    setup_django()
    from bedside.workspace import audit_checkpoints
    from bedside.workspace.audit_key import audit_key

    point = audit_checkpoints.write(audit_key())
    if point is None:
        click.echo("No checkpoint written: the audit log is empty or BEDSIDE_AUDIT_CHECKPOINT_FILE is empty.")
        return
    click.echo(f"Checkpoint: {point['count']} entries, last id {point['last_id']}, hash {point['hash'][:16]}…")


@main.command(name="deploy-check")
def deploy_check() -> None:
    """Django's deployment checks plus Bedside's (database role, audit key, checkpoints).

    Exit status 1 when anything needs attention. (`bedside check` is the HIPAA guard.)
    """
    setup_django()
    from django.core import checks

    messages = checks.run_checks(include_deployment_checks=True, databases=["default"])
    shown = [m for m in messages if m.level >= checks.INFO and not m.is_silenced()]
    for message in shown:
        level = {checks.INFO: "Info", checks.WARNING: "Warning"}.get(message.level, "Error")
        hint = f" Hint: {message.hint}" if message.hint else ""
        click.echo(f"{level}: {message.msg} [{message.id}]{hint}")
    if any(m.level >= checks.WARNING for m in shown):
        sys.exit(1)
    click.echo("Deployment checks passed.")


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Set up the data and exit (for scripts).")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Create the data directory and database, load the sample workspace, and
    run the web server and a worker in one process."""
    from bedside.config import data_dir

    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create data directory {folder}: {exc.strerror}") from None
    # The demo's sample admin signs in with a password alone; a real install
    # requires administrators to set up an authenticator app.
    os.environ.setdefault("BEDSIDE_ADMIN_2FA", "optional")
    # The demo's people have made-up addresses; its alerts (a sample crisis
    # reaches the on-call responder) are written to files in the data
    # directory's outbox, so they are delivered and shown as reached without
    # a mail server and without printing anything to the console.
    os.environ.setdefault("BEDSIDE_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    # The demo network (networks.demo) is this server itself: its sample
    # channel's replies, hides and deletions go here, never to a real network.
    loopback = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    os.environ["BEDSIDE_API_BASE_DEMO"] = f"http://{loopback}:{port}/demo-network/api"
    # Alert e-mails link to the message on this server (absolute, as they would be in real use).
    os.environ.setdefault("BEDSIDE_PUBLIC_URL", f"http://{loopback}:{port}")
    setup_django(create_secrets=True)
    migrate_quietly()
    from bedside import demo as sample

    try:
        created = sample.load()
    except sample.DemoRefused as exc:
        raise click.ClickException(f"demo refused: {exc}") from None
    click.echo(f"Data directory: {folder}")
    click.echo(f"Sample workspace ready ({created['organizations']} organizations and {created['users']} people added).")
    password = created.get("password")
    if password:
        login = (f"Sign in as admin / {password}  (also manager, responder, reviewer, viewer; same password).\n"
                 "This password is shown only now: note it.")
    else:
        login = "Sign in as admin (or manager, responder, reviewer, viewer) with the password printed when the demo was first set up."
    banner = (f"\nBedside demo: open http://{host}:{port}/\n{login}\n"
              f"Replies and takedowns go to the built-in demo network (http://{loopback}:{port}/demo-network/), "
              "never to a real one.\n"
              f"Alert e-mails are written to {folder / 'outbox'}, never sent.\nCtrl+C stops it.")
    if no_serve:
        click.echo(banner.replace("Ctrl+C stops it.", "").rstrip())
        return
    _serve(host, port, threads=8, with_worker=True, banner=banner)


def run() -> Any:  # pragma: no cover - console entry point alias
    return main()


if __name__ == "__main__":  # pragma: no cover
    main()
