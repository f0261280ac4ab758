"""Sample providers, listings, ratings and reviews for the demo: all made up.

About 40 of our providers across specialties and six offices around
Columbus, Ohio, each listed on the review sites with a rating history; some
listings carry a wrong phone or an old address, some sites have none, one
provider has a fresh one-star review, the one review left for the inbox to
answer (older ones are history: answered, or closed). A third of them are not
on Zocdoc (a site doctors opt into); for two of those a search has turned up
possible listings, one theirs and one a namesake, waiting for a person. No made-up peer: the
demo's peers are real health systems, and made-up physicians must not be
filed under them. Idempotent: keyed by NPI.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, State
from bedside.networks.nppes import npi_problem
from bedside.workspace.models import Organization

from . import listings as listing_ops
from . import taxonomy
from .models import DepartmentLeader, Listing, PracticeLocation, Provider, RatingReading

FIRST = ["Avery", "Noor", "Mateo", "Ingrid", "Tobias", "Leilani", "Desmond", "Priya", "Caleb", "Yara", "Rowan",
         "Mirela", "Hugo", "Anika", "Silas", "Odette", "Kofi", "Marisol", "Emeka", "Greta", "Dario", "Hana"]
LAST = ["Albright", "Brennan", "Castellano", "Dunmore", "Ekwueme", "Fairweather", "Gallardo", "Holloway",
        "Ishikawa", "Jankowski", "Kettering", "Lindqvist", "Marchetti", "Nakamura", "Okonkwo", "Pennington",
        "Quintero", "Rasmussen", "Sandoval", "Thorvald", "Underhill", "Valdivia", "Whitcombe", "Yilmaz"]
SPECIALTIES = [("207RC0000X", "Cardiology"), ("207Q00000X", "Primary Care"), ("207R00000X", "Primary Care"),
               ("208000000X", "Pediatrics"), ("207V00000X", "Women's Health"), ("207X00000X", "Orthopedics"),
               ("2084N0400X", "Neurosciences"), ("207N00000X", "Dermatology"), ("207RG0100X", "Digestive Health"),
               ("207RH0003X", "Cancer Center")]
# (name, street, zip, phone): made-up offices at made-up numbers; ZIPs are real Columbus-area ones.
OFFICES = [
    ("Riverbend Heart Center", "1200 River Road, Suite 300", "43215", "(614) 555-0110"),
    ("Riverbend Primary Care Eastside", "40 Mill Street", "43205", "(614) 555-0120"),
    ("Riverbend Children's Clinic", "77 Maple Avenue, Suite 2", "43201", "(614) 555-0130"),
    ("Riverbend Women's Health", "310 Harbor Boulevard", "43210", "(614) 555-0140"),
    ("Riverbend Orthopedics Westerville", "18 Polaris Parkway, Suite 110", "43081", "(614) 555-0150"),
    ("Riverbend Specialty Pavilion", "905 Lakeview Drive", "43221", "(614) 555-0160"),
]
SITES = ("google", "healthgrades", "vitals", "yelp", "webmd", "zocdoc")
# The first four were sampled before WebMD Care and Zocdoc joined; those two
# draw from a generator of their own so the rest of the sample is unchanged.
LATER_SITES = ("webmd", "zocdoc")
# Made-up review texts (ours); stars with each.
REVIEWS = [
    (5, "Sample: the doctor listened and explained every option before we decided."),
    (5, "Sample: on time, friendly front desk, and a clear plan for follow-up."),
    (4, "Sample: good visit overall, though parking took a while."),
    (2, "Sample: hard to reach the office by phone and the wait was long."),
]


def _npi(rng: random.Random) -> str:
    while True:
        base = str(rng.randint(100000000, 199999999))
        for digit in "0123456789":
            if not npi_problem(base + digit):
                return base + digit


@transaction.atomic
def load() -> dict[str, int]:
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None or Provider.objects.filter(source="sample").exists():
        return {"providers": 0}
    rng = random.Random(14)
    later = random.Random(1414)
    # The channels' sample made these (bedside.channels.sample); a workspace
    # without them gets them here.
    channels = {network: Channel.objects.get_or_create(organization=ours, network=network,
                                                       defaults={"handle": handle})[0]
                for network, handle in (("google", "accounts/1001/locations/2001"),
                                        ("healthgrades", "https://www.healthgrades.com"),
                                        ("vitals", "https://www.vitals.com"), ("yelp", "riverbend-health-sample"),
                                        ("webmd", "https://doctor.webmd.com"), ("zocdoc", "https://www.zocdoc.com"))}
    offices = []
    for name, street, zip_code, phone in OFFICES:
        offices.append(PracticeLocation.objects.get_or_create(
            organization=ours, name=name,
            defaults={"address": street, "city": "Columbus", "state": "OH", "zip_code": zip_code, "phone": phone,
                      "fax": phone[:-1] + "9", "hours": "Mon-Fri 8:00-17:00"})[0])
    made = 0
    now = timezone.now()
    reviews: list[int] = []
    for i in range(40):
        code, department = SPECIALTIES[i % len(SPECIALTIES)]
        office = offices[(i * 7) % len(offices)]
        provider = Provider.objects.create(
            organization=ours, npi=_npi(rng), first_name=FIRST[i % len(FIRST)],
            last_name=LAST[(i * 5) % len(LAST)], credentials="DO" if i % 6 == 0 else "MD", specialties=[code],
            department=department, accepting_new_patients=i % 5 != 0,
            languages=["English", "Spanish"] if i % 4 == 0 else ["English"],
            profile_url=f"https://riverbend-health.example/doctors/{i}",
            status=Provider.Status.DEPARTED if i == 39 else Provider.Status.ACTIVE, source="sample")
        provider.locations.add(office)
        made += 1
        # Most are well rated; two well reviewed providers sit below the
        # baseline and two thinly reviewed ones are at risk.
        quality = 3.3 if i in (7, 22) else 4.2 if i in (11, 30) else rng.uniform(4.3, 4.95)
        for site in SITES:
            draw = later if site in LATER_SITES else rng
            # the two thinly reviewed providers are new: not yet on the later sites either
            thin = i in (11, 30) and site in LATER_SITES
            if (i + SITES.index(site)) % 9 == 0 or (site == "zocdoc" and i % 3 == 1) or thin:
                if site == "zocdoc" and i in (1, 4):
                    _candidates(channels[site], provider, office, namesake=i == 4)
                continue  # missing on this site
            count = draw.randint(1, 2) if i in (11, 30) else draw.randint(12, 260)
            rating = round(min(5.0, max(1.0, quality + draw.uniform(-0.2, 0.2))), 1)
            phone = office.phone
            address = f"{office.address}, Columbus, OH {office.zip_code}"
            if (i + SITES.index(site)) % 11 == 3:
                phone = "(614) 555-0199"  # an old switchboard number
            if (i + SITES.index(site)) % 13 == 5:
                address = f"2 Old Hospital Road, Columbus, OH {office.zip_code}"  # before the move
            listing = Listing.objects.create(
                channel=channels[site], network=site, external_id=f"sample-{site}-{provider.npi}",
                name=f"Dr. {provider.first_name} {provider.last_name}, {provider.credentials}",
                url=f"https://{site}.example/sample/{provider.npi}", address=address, phone=phone,
                rating=rating, review_count=count, specialty=taxonomy.name(code),
                extra={"sample": True, "accepting_new_patients": provider.accepting_new_patients},
                provider=provider, handle=f"sample-{site}-{provider.npi}", status=Listing.Status.CONFIRMED)
            for months in range(6, -1, -1):
                RatingReading.objects.create(
                    listing=listing, date=(now - timedelta(days=30 * months)).date(),
                    rating=round(min(5.0, rating - 0.05 * months + draw.uniform(-0.05, 0.05)), 2),
                    review_count=max(1, count - 4 * months))
            if site == "google" and i % 4 == 0:
                for n, (stars, text) in enumerate(REVIEWS[: 2 + i % 3]):
                    at = now - timedelta(days=3 + 9 * n + i)
                    answered = (i + n) % 4 != 3
                    # History, not work: answered within a day, or closed unanswered.
                    Message.objects.create(
                        channel=channels[site], network=site, external_id=f"rep-sample-{provider.npi}-{n}",
                        kind=Message.Kind.REVIEW, author_name="Sample Person", body=text, rating=float(stars),
                        published_at=at, in_reply_to=listing.external_id, extra={"sample": True}, triaged_at=at,
                        state=State.REPLIED if answered else State.CLOSED,
                        first_replied_at=at + timedelta(hours=2 + 5 * n) if answered else None)
    fresh = Listing.objects.filter(provider__source="sample", network="google").order_by("pk").first()
    if fresh is not None:
        reviews.append(Message.objects.create(
            channel=fresh.channel, network="google", external_id=f"rep-sample-fresh-{fresh.provider_id}",
            kind=Message.Kind.REVIEW, author_name="Sample Person", rating=1.0,
            body="Sample: nobody returned my calls about rescheduling and the number online rang elsewhere.",
            published_at=now - timedelta(hours=2), in_reply_to=fresh.external_id, extra={"sample": True}).pk)
    listing_ops.check_all()
    triage_stored(reviews, alert=False)
    # One department has a leader, so the Department leaders page shows both cases.
    manager = get_user_model().objects.filter(username="manager").first()
    if manager is not None:
        DepartmentLeader.objects.get_or_create(department="Cardiology", defaults={"leader": manager})
    return {"providers": made}


def _candidates(channel: Channel, provider: Provider, office: PracticeLocation, *, namesake: bool) -> None:
    """What a Zocdoc search would have proposed: the provider's own page, and
    for one provider a namesake elsewhere too (scored as candidates.score does)."""
    own = f"{office.address}, Columbus, OH {office.zip_code}"
    found = [(f"sample-zocdoc-{provider.npi}", f"Dr. {provider.first_name} {provider.last_name}, "
                                               f"{provider.credentials}", own, 80)]
    if namesake:
        found.append((f"sample-zocdoc-{provider.npi}-b", f"{provider.first_name} {provider.last_name}son, NP",
                      "4100 Broad Street, Columbus, OH 43213", 52))
    for external_id, name, address, points in found:
        url = f"https://zocdoc.example/sample/{external_id}"
        Listing.objects.create(
            channel=channel, network="zocdoc", external_id=external_id, name=name, url=url, address=address,
            extra={"sample": True, "match_score": points}, provider=provider, handle=url,
            status=Listing.Status.CANDIDATE)
