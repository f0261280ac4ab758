"""`bedside vocabulary` and `bedside patient-index`: the guard's knowledge of
our own places and people, and the hospital's patient index, from a shell.

Changes are audited with the actor "cli". The patient index is read from a
file on this machine and stored as keyed hashes only; nothing of it is ever
printed (errors name the file, the row and the column)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bedside.bootstrap import setup_django

CLI = "cli"
KINDS = ["campus", "unit", "service_line", "staff", "signer"]


def _ours():  # type: ignore[no-untyped-def]
    from bedside.workspace.models import Organization

    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        raise click.ClickException("no organization of ours yet; add it with `bedside org add NAME`")
    return ours


@click.group()
def vocabulary() -> None:
    """The guard's vocabulary: campuses, units, service lines, staff, reply signers."""


@vocabulary.command(name="list")
def vocabulary_list() -> None:
    """List our organization's vocabulary."""
    setup_django()
    from bedside.workspace.models import VocabularyTerm

    terms = list(VocabularyTerm.objects.filter(organization=_ours()))
    if not terms:
        click.echo("No vocabulary yet.")
    width = max((len(t.kind) for t in terms), default=0)
    for t in terms:
        click.echo(f"{t.kind.ljust(width)}  {t.name}" + ("  (roster)" if t.source == "roster" else ""))


@vocabulary.command(name="add")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("names", nargs=-1, required=True)
def vocabulary_add(kind: str, names: tuple[str, ...]) -> None:
    """Add one or more NAMES of KIND ("bedside vocabulary add unit '4 West' '5 North'")."""
    setup_django()
    from bedside.workspace.vocabulary import VocabularyError, add_term

    ours = _ours()
    for name in names:
        try:
            term = add_term(ours, kind, name, actor=CLI)
        except VocabularyError as exc:
            raise click.ClickException(f"{name!r}: {exc}") from None
        click.echo(f"Added {kind} {term.name!r}.")


@vocabulary.command(name="remove")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("name")
def vocabulary_remove(kind: str, name: str) -> None:
    """Remove NAME of KIND."""
    setup_django()
    from bedside.workspace.models import VocabularyTerm
    from bedside.workspace.vocabulary import remove_term

    term = VocabularyTerm.objects.filter(organization=_ours(), kind=kind, name__iexact=" ".join(name.split())).first()
    if term is None:
        raise click.ClickException(f"no {kind} named {name!r}; `bedside vocabulary list` shows them")
    remove_term(term, actor=CLI)
    click.echo(f"Removed {kind} {term.name!r}.")


@click.group(name="patient-index")
def patient_index() -> None:
    """The hospital's patient index, stored as keyed hashes only."""


@patient_index.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def patient_index_import(file: Path) -> None:
    """Replace the index with the patients of FILE (CSV: name or last_name and
    first_name; dob; mrn). All or nothing: any bad row and nothing changes."""
    setup_django(create_secrets=True)
    from bedside.workspace import patient_index as index

    if not file.exists():
        raise click.ClickException(f"{file}: no such file")

    def problem(message: str) -> None:
        click.echo(message, err=True)  # streamed: each as it is found

    try:
        done = index.import_file(file, actor=CLI, problem=problem)
    except index.PatientIndexError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Imported {done.patients} patients ({done.entries} keyed hashes). No clear value was stored.")


@patient_index.command(name="status")
def patient_index_status() -> None:
    """Whether an index is loaded, how large, and whether the key still matches."""
    setup_django()
    from bedside.workspace import patient_index as index

    s = index.status()
    if not s.loaded:
        click.echo("No patient index loaded.")
        return
    click.echo(f"{s.patients} patients, {s.entries} keyed hashes, imported {s.imported_at:%Y-%m-%d %H:%M} "
               f"by {s.imported_by}.")
    if not s.key_matches:
        click.echo("The key has changed since the import: nothing will match. Import the file again.", err=True)
        sys.exit(1)


@patient_index.command(name="clear")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def patient_index_clear(yes: bool) -> None:
    """Remove every hash of the index."""
    setup_django()
    from bedside.workspace import patient_index as index

    if not yes:
        click.confirm("Remove the patient index?", abort=True)
    n = index.clear(actor=CLI)
    click.echo(f"Removed the patient index ({n} keyed hashes).")


@click.group()
def user() -> None:
    """People: list, deactivate, reactivate, unlock, set a role, make a password link."""


def _person(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username__iexact=username).first()
    if found is None:
        raise click.ClickException(f"no person named {username!r}; `bedside user list` shows them")
    return found


def _lifecycle_call(action, *args, **kwargs):  # type: ignore[no-untyped-def]
    from bedside.workspace.lifecycle import LifecycleError

    try:
        return action(*args, **kwargs)
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from None


@user.command(name="list")
def user_list() -> None:
    """Everyone with their role, status, last sign-in and how they sign in; who is locked out."""
    setup_django()
    from django.contrib.auth import get_user_model

    from bedside.workspace.lifecycle import locked_out
    from bedside.workspace.permissions import role_of

    people = (get_user_model().objects.select_related("member").prefetch_related("sso_identities")
              .order_by("-is_active", "username"))
    locked = {entry.username for entry in locked_out()}
    for person in people:
        role = getattr(getattr(person, "member", None), "role", "") or role_of(person) or "no role"
        status = "active" if person.is_active else "deactivated"
        if person.username.lower() in locked:
            status += ", locked out"
        last = f"{person.last_login:%Y-%m-%d %H:%M}" if person.last_login else "never"
        # How they sign in: the identity provider's protocol(s) once linked (workspace/sso/).
        via = ", ".join(sorted({i.protocol for i in person.sso_identities.all()})) or "password"
        click.echo(f"{person.username}  {role}  {status}  last sign-in {last}  signs in with {via}")


@user.command(name="deactivate")
@click.argument("username")
@click.option("--reason", default="", help="Why (kept in the audit log).")
def user_deactivate(username: str, reason: str) -> None:
    """End USERNAME's sessions and API tokens now; their history stays."""
    setup_django()
    from bedside.workspace.lifecycle import deactivate

    done = _lifecycle_call(deactivate, _person(username), by=CLI, reason=reason)
    click.echo(f"Deactivated {username}: {done['sessions_ended']} session(s) ended, "
               f"{done['tokens_revoked']} API token(s) revoked.")


@user.command(name="reactivate")
@click.argument("username")
def user_reactivate(username: str) -> None:
    """Let USERNAME sign in again (their old API tokens stay revoked)."""
    setup_django()
    from bedside.workspace.lifecycle import reactivate

    _lifecycle_call(reactivate, _person(username), by=CLI)
    click.echo(f"Reactivated {username}.")


@user.command(name="unlock")
@click.argument("username")
def user_unlock(username: str) -> None:
    """Clear USERNAME's failed sign-ins so they can try again now."""
    setup_django()
    from bedside.workspace.lifecycle import unlock

    _lifecycle_call(unlock, username, by=CLI)
    click.echo(f"Unlocked {username}.")


@user.command(name="set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["admin", "social_manager", "responder", "compliance", "viewer"]))
def user_set_role(username: str, role: str) -> None:
    """Give USERNAME a ROLE (the last administrator keeps theirs)."""
    setup_django()
    from bedside.workspace.lifecycle import set_role

    _lifecycle_call(set_role, _person(username), role, by=CLI)
    click.echo(f"{username} is now {role}.")


@user.command(name="reset-link")
@click.argument("username")
def user_reset_link(username: str) -> None:
    """Print a one-time link for USERNAME to set a new password (valid a day)."""
    setup_django()
    from bedside.workspace.lifecycle import reset_link

    click.echo(_lifecycle_call(reset_link, _person(username), by=CLI))


@click.group(name="approvals")
def approvals_chain() -> None:
    """The workspace's approval chain for posts (who approves, in what order, when)."""


@approvals_chain.command(name="show")
def approvals_show() -> None:
    """The steps a post passes, in order (the default when none is set)."""
    setup_django()
    from bedside.workspace.approvals import chain

    for n, step in enumerate(chain("posts"), 1):
        click.echo(f"{n}. {step.name}: approved by {step.role}, {step.when}")


@approvals_chain.command(name="set")
@click.argument("steps", nargs=-1)
def approvals_set(steps: tuple[str, ...]) -> None:
    """Replace the chain with STEPS, each NAME:ROLE:WHEN, in order; WHEN is
    always, flagged, patient_story or flagged_or_patient_story. No STEPS: back
    to the default (compliance, for flagged posts and patient stories).

    bedside approvals set Content:social_manager:always Compliance:compliance:flagged_or_patient_story"""
    setup_django()
    from django.db import transaction

    from bedside.workspace import audit
    from bedside.workspace.approvals import parse_step
    from bedside.workspace.models import ApprovalStep

    try:
        parsed = [parse_step(raw, n) for n, raw in enumerate(steps, 1)]
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if len({s.name for s in parsed}) != len(parsed):
        raise click.ClickException("each step needs its own name")
    with transaction.atomic():
        ApprovalStep.objects.filter(applies_to="posts").delete()
        for n, step in enumerate(parsed, 1):
            ApprovalStep.objects.create(position=n, name=step.name, role=step.role, when=step.when)
        audit.record("approval_chain_set", actor=CLI, object_type="workspace.approvalstep",
                     detail={"steps": [f"{s.name}:{s.role}:{s.when}" for s in parsed]})
    click.echo(f"The approval chain has {len(parsed)} step(s)." if parsed else "Back to the default chain.")
