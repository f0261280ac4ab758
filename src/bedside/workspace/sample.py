"""The workspace's part of the demo: our (fictional) organization, real
peers, people (``bedside.demo`` assembles every app's part).

Peers' names, addresses and phones come from the CMS hospital list. Everything
made up is marked as sample data. Loading is idempotent. Its accounts get a
random password, printed once when they are made (``BEDSIDE_DEMO_PASSWORD``
sets it instead, for scripts and tests).
"""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model

from bedside.workspace import cms, people
from bedside.workspace.models import Location, Member, Organization
from bedside.workspace.roles import Role


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

# The responder is on call in the demo, so the sample crisis reaches a person;
# everyone has a made-up address (RFC 2606's .example never delivers anywhere)
# so the demo's alerts and escalations have somewhere to go.
DEMO_ON_CALL = "responder"
DEMO_MAIL_DOMAIN = "riverbend-health.example"

OURS = {
    "name": "Riverbend Health",  # marked as sample data by is_sample, not by its name
    "website": "https://riverbend-health.example",
}

# (organization name, website, CMS facility ids)
PEERS = [
    ("Mayo Clinic", "https://www.mayoclinic.org", ["240010"]),
    ("Cleveland Clinic", "https://my.clevelandclinic.org", ["360180"]),
    ("Johns Hopkins Medicine", "https://www.hopkinsmedicine.org", ["210009"]),
    ("Mass General Brigham", "https://www.massgeneralbrigham.org", ["220071"]),
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


def load() -> dict[str, int | str]:
    """Our organization, the peers with their CMS locations, and the demo's
    accounts; the accounts' password, when they are made now, is returned as
    ``created["password"]`` to be shown once."""
    created: dict[str, int | str] = {"organizations": 0, "users": 0}
    password = ""
    # Found by what it is, not its name: demos loaded before the name lost
    # its " (sample)" suffix keep their organization instead of gaining a second.
    made = not Organization.objects.filter(is_ours=True, is_sample=True).exists()
    if made:
        Organization.objects.create(name=OURS["name"], is_ours=True, website=OURS["website"], is_sample=True)
    created["organizations"] = int(made)
    for name, website, facility_ids in PEERS:
        org, made = Organization.objects.get_or_create(
            name=name, defaults={"website": website, "is_sample": True, "kind": Organization.Kind.HEALTH_SYSTEM}
        )
        created["organizations"] += int(made)
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
    users = get_user_model().objects
    for username, role in DEMO_USERS:
        if not users.filter(username=username).exists():
            password = password or demo_password()
            people.create_user(username, password, role, email=f"{username}@{DEMO_MAIL_DOMAIN}",
                               actor_label="demo")
            created["users"] += 1
        else:
            Member.objects.get_or_create(user=users.get(username=username), defaults={"role": role})
    Member.objects.filter(user__username=DEMO_ON_CALL, user__email__endswith=f"@{DEMO_MAIL_DOMAIN}").update(on_call=True)
    if password:
        created["password"] = password
    return created
