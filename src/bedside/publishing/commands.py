"""`bedside posts`: the publishing calendar in a terminal, and one step of the
publishing worker for a cron job or a check after an outage. Titles only:
post texts are not printed (they are read on the audited pages and API)."""

from __future__ import annotations

import click

from bedside.bootstrap import setup_django

STATES = ("draft", "scheduled", "publishing", "published", "failed", "unknown")


@click.group()
def posts() -> None:
    """Posts: what is scheduled, published or failed, and publishing what is due."""


@posts.command(name="list")
@click.option("--state", type=click.Choice(STATES), default=None, help="Only variants in this state.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
def list_posts(state: str | None, limit: int) -> None:
    """Each post's channels, their time (UTC) and state, newest time first."""
    setup_django()
    from django.db.models import F

    from bedside.publishing.models import Variant
    from bedside.workspace.tables import table

    rows = Variant.objects.select_related("post", "channel").defer("body", "guard_detail")
    if state:
        rows = rows.filter(state=state)
    rows = rows.order_by(F("scheduled_at").desc(nulls_last=True), "-pk")[:limit]
    click.echo(table(["post", "title", "network", "handle", "when (UTC)", "state", "error"], [
        (v.post_id, v.post.title[:40], v.network, v.channel.handle,
         (v.published_at or v.scheduled_at).strftime("%Y-%m-%d %H:%M") if (v.published_at or v.scheduled_at) else "",
         v.state, v.error[:60]) for v in rows]))


@posts.command(name="publish-due")
def publish_due() -> None:
    """Publish every approved variant whose time has come (what the worker does
    each minute); exits 1 if any failed, so a cron job reports it."""
    setup_django()
    from bedside.publishing import sending
    from bedside.publishing.models import Variant

    before = set(Variant.objects.filter(state=Variant.State.FAILED).values_list("pk", flat=True))
    done = sending.publish_due()
    failed = Variant.objects.filter(state=Variant.State.FAILED).exclude(pk__in=before)
    click.echo(f"published {len(done)}, failed {failed.count()}")
    for variant in failed:
        click.echo(f"  post {variant.post_id} on {variant.network}: {variant.error}", err=True)
    if failed.exists():
        raise SystemExit(1)


@posts.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--author", required=True, help="The username the posts are written by (they approve none of them).")
@click.option("--submit", is_flag=True, help="Submit each post too: the guard and the approval chain decide.")
def import_posts(file: str, author: str, submit: bool) -> None:
    """Posts from a CSV FILE, all or nothing; every bad cell is reported as
    FILE, row N, COLUMN: message. Columns: title, channels (network:handle;
    several separated by ;), text, and optionally scheduled_at (ISO 8601 with
    its time zone), link, campaign (slug), content_type."""
    setup_django()
    from pathlib import Path

    from django.contrib.auth import get_user_model

    from bedside.publishing import bulk

    person = get_user_model().objects.filter(username=author, is_active=True).first()
    if person is None:
        raise click.ClickException(f"--author: no active user {author!r}")
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path.name}: not UTF-8 text; save the CSV as UTF-8") from None
    try:
        saved = bulk.import_posts(path.name, text, person, submit=submit)
    except bulk.ImportError_ as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(1) from None
    states = sorted({p.state for p in saved})
    click.echo(f"Imported {len(saved)} post(s) ({', '.join(states)}).")


@posts.group(name="series")
def series_group() -> None:
    """Recurring posts: their rules, states and next times."""


@series_group.command(name="list")
def series_list() -> None:
    """Each series: its rule, state, whether its content is approved, and its next time (UTC)."""
    setup_django()
    from django.utils import timezone

    from bedside.publishing import recurring
    from bedside.publishing.models import Series
    from bedside.publishing.series import describe
    from bedside.workspace.tables import table

    rows = []
    for item in Series.objects.select_related("template"):
        upcoming = item.occurrences.filter(occurrence_at__gte=timezone.now()).order_by("occurrence_at")
        following = upcoming.first()
        rows.append((item.pk, item.name[:40], describe(item), item.state, recurring.ready(item.template)[:50] or "ok",
                     following.occurrence_at.strftime("%Y-%m-%d %H:%M") if following else "", upcoming.count()))
    click.echo(table(["id", "name", "rule", "state", "content", "next (UTC)", "to come"], rows))


@series_group.command(name="pause")
@click.argument("series_id", type=click.IntRange(1))
@click.option("--resume", is_flag=True, help="Resume a paused series instead (its times to come are made again).")
def series_pause(series_id: int, resume: bool) -> None:
    """Pause SERIES_ID: its posts still to come and not yet sent are removed;
    what was published stays."""
    setup_django()
    from bedside.publishing import recurring
    from bedside.publishing.models import Series

    item = Series.objects.filter(pk=series_id).first()
    if item is None:
        raise click.ClickException(f"SERIES_ID: no series {series_id}")
    before = item.occurrences.count()
    try:
        item = recurring.set_series_state(item, "active" if resume else "paused", "cli")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    after = item.occurrences.count()
    click.echo(f"{item.name}: {item.state}; " + (f"made {after - before} post(s)" if resume else
                                                 f"removed {before - after} post(s) still to come"))


@posts.group(name="queue")
def queue_group() -> None:
    """Evergreen queues: their slots, posts and next times."""


@queue_group.command(name="list")
def queue_list() -> None:
    """Each queue: its slots (local time), posts in rotation, and its next slot (UTC) with its post."""
    setup_django()
    from django.utils import timezone

    from bedside.publishing import recurring
    from bedside.publishing.models import EvergreenQueue
    from bedside.publishing.recurrence import slots_text
    from bedside.workspace.tables import table

    rows = []
    for queue in EvergreenQueue.objects.all():
        following = queue.occurrences.filter(occurrence_at__gte=timezone.now()).order_by("occurrence_at").first()
        rows.append((queue.pk, queue.name[:40], f"{slots_text(recurring.slots_of(queue).slots)} ({queue.time_zone})",
                     queue.entries.count(), queue.min_gap_days, "paused" if queue.paused else "active",
                     f"{following.occurrence_at:%Y-%m-%d %H:%M} {following.title[:30]}" if following else ""))
    click.echo(table(["id", "name", "slots", "posts", "gap (days)", "state", "next (UTC)"], rows))
