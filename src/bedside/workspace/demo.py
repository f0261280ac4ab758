"""The demo workspace: our (fictional) organization, real peers, people.

Peers' names, addresses and phones come from the CMS hospital list; their
handles are their public ones. Everything made up is marked as sample data.
Loading is idempotent, so `bedside demo` can be run again and again, but only
on a database that holds nothing else: it refuses one with real organizations
or people. Its accounts get a random password, printed once when they are
made (``BEDSIDE_DEMO_PASSWORD`` sets it instead, for scripts and tests).
"""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from bedside.benchmark import sample as benchmark_sample
from bedside.workspace import audit, cms, people
from bedside.workspace.models import Channel, Location, Member, Organization
from bedside.workspace.roles import Role


class DemoRefused(Exception):
    """The database holds more than the demo: loading it would add accounts to a real workspace."""


def demo_password() -> str:
    """``BEDSIDE_DEMO_PASSWORD`` if set, else a new random one (never a published one)."""
    return os.environ.get("BEDSIDE_DEMO_PASSWORD", "").strip() or secrets.token_urlsafe(12)

DEMO_USERS = [
    ("admin", Role.ADMIN),
    ("manager", Role.SOCIAL_MANAGER),
    ("responder", Role.RESPONDER),
    ("reviewer", Role.COMPLIANCE),
    ("viewer", Role.VIEWER),
]

OURS = {
    "name": "Riverbend Health (sample)",
    "website": "https://riverbend-health.example",
    "channels": [
        ("x", "RiverbendHealth"),
        ("facebook", "RiverbendHealth"),
        ("instagram", "riverbendhealth"),
        ("youtube", "RiverbendHealth"),
        ("website", "https://riverbend-health.example/"),
    ],
}

# (organization name, website, CMS facility ids, [(network, public handle)])
PEERS = [
    (
        "Mayo Clinic",
        "https://www.mayoclinic.org",
        ["240010"],
        [
            ("x", "MayoClinic"),
            ("facebook", "MayoClinic"),
            ("instagram", "mayoclinic"),
            ("youtube", "mayoclinic"),
            ("pinterest", "mayoclinic"),
            ("rss", "https://newsnetwork.mayoclinic.org/feed/"),
            ("website", "https://www.mayoclinic.org/"),
        ],
    ),
    (
        "Cleveland Clinic",
        "https://my.clevelandclinic.org",
        ["360180"],
        [
            ("x", "ClevelandClinic"),
            ("facebook", "ClevelandClinic"),
            ("instagram", "clevelandclinic"),
            ("youtube", "ClevelandClinic"),
            ("pinterest", "clevelandclinic"),
            ("website", "https://my.clevelandclinic.org/"),
        ],
    ),
    (
        "Johns Hopkins Medicine",
        "https://www.hopkinsmedicine.org",
        ["210009"],
        [("x", "HopkinsMedicine"), ("facebook", "JohnsHopkinsMedicine"), ("youtube", "JohnsHopkinsMedicine")],
    ),
    (
        "Mass General Brigham",
        "https://www.massgeneralbrigham.org",
        ["220071"],
        [("x", "MassGenBrigham"), ("facebook", "MassGeneralBrigham"), ("instagram", "massgeneralbrigham")],
    ),
]


def foreign_data() -> list[str]:
    """What in this database is not the demo's: real organizations and people."""
    usernames = {name for name, _ in DEMO_USERS}
    found = []
    orgs = Organization.all_objects.filter(is_sample=False)
    if orgs.exists():
        found.append(f"{orgs.count()} organization(s) that are not sample data, e.g. {orgs.first()}")
    people_ = get_user_model().objects.exclude(username__in=usernames)
    if people_.exists():
        found.append(f"{people_.count()} account(s) the demo did not make, e.g. {people_.first()}")
    return found


@transaction.atomic
def load() -> dict[str, int]:
    """Load the sample workspace; the demo accounts' password, when they are
    made now, is returned as ``created["password"]`` to be shown once."""
    foreign = foreign_data()
    if foreign:
        raise DemoRefused("this database holds a real workspace (" + "; ".join(foreign) + "): the demo would add "
                          "accounts to it. Run the demo with its own BEDSIDE_DATA_DIR (or DATABASE_URL).")
    created: dict[str, int] = {"organizations": 0, "users": 0}
    password = ""
    ours, made = Organization.objects.get_or_create(
        name=OURS["name"],
        defaults={"is_ours": True, "website": OURS["website"], "is_sample": True},
    )
    created["organizations"] += made
    for network, handle in OURS["channels"]:
        Channel.objects.get_or_create(organization=ours, network=network, handle=handle)
    for name, website, facility_ids, channels in PEERS:
        org, made = Organization.objects.get_or_create(
            name=name, defaults={"website": website, "is_sample": True, "kind": Organization.Kind.HEALTH_SYSTEM}
        )
        created["organizations"] += made
        for facility_id in facility_ids:
            hospital = cms.get(facility_id)
            if hospital is None:
                continue
            Location.objects.get_or_create(
                organization=org,
                cms_facility_id=hospital.facility_id,
                defaults={
                    "name": hospital.title,
                    "address": hospital.street,
                    "city": hospital.town,
                    "state": hospital.state,
                    "zip_code": hospital.zip,
                    "phone": hospital.phone,
                    "hospital_type": hospital.hospital_type,
                    "star_rating": hospital.rating,
                },
            )
        for network, handle in channels:
            Channel.objects.get_or_create(organization=org, network=network, handle=handle)
    users = get_user_model().objects
    for username, role in DEMO_USERS:
        if not users.filter(username=username).exists():
            password = password or demo_password()
            people.create_user(username, password, role, actor_label="demo")
            created["users"] += 1
        else:
            Member.objects.get_or_create(user=users.get(username=username), defaults={"role": role})
    from bedside.inbox import sample as inbox_sample  # sample messages, triaged, for the inbox

    created.update(inbox_sample.load())
    benchmark_sample.load()  # snapshots, posts, crawls and profiles behind the benchmark
    from bedside.sync import sample as sync_sample  # the channels read as synced, labelled as sample

    sync_sample.load()
    if created["organizations"] or created["users"]:
        audit.record("demo_loaded", actor="system", detail=created)  # never the password
    return {**created, "password": password} if password else created  # type: ignore[dict-item]
