"""The channels' part of the demo: the sample organizations' public handles
(``bedside.demo`` assembles every app's part, after the workspace's)."""

from __future__ import annotations

from bedside.channels.handles import normalize_handle
from bedside.channels.models import Channel
from bedside.workspace.models import Organization
from bedside.workspace.sample import OURS

#: organization name -> [(network, public handle)]
CHANNELS: dict[str, list[tuple[str, str]]] = {
    OURS["name"]: [
        ("x", "RiverbendHealth"),
        ("facebook", "RiverbendHealth"),
        ("instagram", "riverbendhealth"),
        ("youtube", "RiverbendHealth"),
        ("website", "https://riverbend-health.example/"),
        # The sandbox `bedside demo` serves itself: the inbox samples arrive
        # here, so replies and takedowns finish (networks.demo).
        ("demo", "riverbend-health"),
        # Review and listing sites: the reputation sample's listings hang here.
        ("google", "accounts/1001/locations/2001"),
        ("healthgrades", "https://www.healthgrades.com"),
        ("vitals", "https://www.vitals.com"),
        ("webmd", "https://doctor.webmd.com"),
        ("zocdoc", "https://www.zocdoc.com"),
        ("yelp", "riverbend-health-sample"),
    ],
    "Mayo Clinic": [
        ("x", "MayoClinic"),
        ("facebook", "MayoClinic"),
        ("instagram", "mayoclinic"),
        ("youtube", "mayoclinic"),
        ("pinterest", "mayoclinic"),
        ("linkedin", "mayo-clinic"),
        ("rss", "https://newsnetwork.mayoclinic.org/feed/"),
        ("website", "https://www.mayoclinic.org/"),
    ],
    "Cleveland Clinic": [
        ("x", "ClevelandClinic"),
        ("facebook", "ClevelandClinic"),
        ("instagram", "clevelandclinic"),
        ("youtube", "ClevelandClinic"),
        ("pinterest", "clevelandclinic"),
        ("linkedin", "cleveland-clinic"),
        ("website", "https://my.clevelandclinic.org/"),
    ],
    "Johns Hopkins Medicine": [
        ("x", "HopkinsMedicine"), ("facebook", "JohnsHopkinsMedicine"), ("youtube", "JohnsHopkinsMedicine"),
        ("linkedin", "johns-hopkins-medicine"),
    ],
    "Mass General Brigham": [
        ("x", "MassGenBrigham"), ("facebook", "MassGeneralBrigham"), ("instagram", "massgeneralbrigham"),
    ],
}


def load() -> dict[str, int]:
    made = 0
    for org in Organization.objects.filter(is_sample=True, name__in=CHANNELS):
        for network, handle in CHANNELS[org.name]:
            # Stored as a person adding it would store it: the client's form.
            channel, created = Channel.objects.get_or_create(
                organization=org, network=network, handle=normalize_handle(network, handle)
            )
            if network == "demo" and not channel.credentials:
                from bedside.workspace import demo_network

                channel.credentials = {"token": demo_network.TOKEN}
                channel.save(update_fields=["credentials"])
            made += created
    return {"channels": made}
