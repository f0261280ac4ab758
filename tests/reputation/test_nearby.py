from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.reputation import nearby
from bedside.reputation.models import Listing, PracticeLocation, Provider
from bedside.workspace.models import Organization


def test_zip_centroids_give_distances_in_miles():
    downtown, campus = nearby.centroid("43215"), nearby.centroid("43210")
    cleveland = nearby.centroid("44106")
    assert downtown and campus and cleveland
    assert nearby.miles(downtown, campus) < 5
    assert 110 < nearby.miles(downtown, cleveland) < 150
    assert nearby.centroid("00000") is None and nearby.centroid("4321") is None


@pytest.fixture
def cardiologists(ours):
    peer = Organization.objects.create(name="Lakeside Physicians")
    google = Channel.objects.create(organization=ours, network="google", handle="accounts/1/locations/2")

    def add(org, npi, last, zip_code, rating, count, code="207RC0000X"):
        place = PracticeLocation.objects.create(organization=org, name=f"{last} office", address="1 Main St",
                                                city="Columbus", state="OH", zip_code=zip_code)
        provider = Provider.objects.create(organization=org, npi=npi, first_name="Dana", last_name=last,
                                           specialties=[code])
        provider.locations.add(place)
        Listing.objects.create(channel=google, network="google", external_id=f"g-{npi}", name=last,
                               rating=rating, review_count=count, provider=provider,
                               status=Listing.Status.CONFIRMED)
        return provider

    made = [add(peer, f"10000000{i:02d}", f"Peer{i}", "43215", 4.9 - i * 0.02, 40) for i in range(10)]
    made.append(add(ours, "2000000001", "Ourfirst", "43210", 4.95, 60))
    made.append(add(ours, "2000000002", "Oursecond", "43215", 4.5, 20))
    made.append(add(ours, "2000000003", "Thin", "43215", 5.0, 2))  # too few reviews to rank
    made.append(add(peer, "3000000001", "Faraway", "44106", 5.0, 90))  # Cleveland: out of range
    made.append(add(peer, "3000000002", "Skin", "43215", 5.0, 90, code="207N00000X"))  # another specialty
    return made


def test_it_ranks_the_top_ten_nearby_by_rating(cardiologists):
    top, rest = nearby.top_rated("207RC0000X", "43215", 25)
    assert len(top) == 10
    assert top[0].row.provider.last_name == "Ourfirst" and top[0].ours and top[0].rank == 1
    names = {r.row.provider.last_name for r in top}
    assert not names & {"Thin", "Faraway", "Skin", "Oursecond"}


def test_it_says_how_many_five_star_reviews_would_put_ours_in_the_top(cardiologists):
    _, rest = nearby.top_rated("207RC0000X", "43215", 25)
    [second] = rest
    assert second.row.provider.last_name == "Oursecond" and second.rank == 12
    tenth = 4.9 - 8 * 0.02  # the tenth place: Peer8 (Ourfirst holds the first)
    k = second.to_top
    assert k is not None and (4.5 * 20 + 5 * k) / (20 + k) > tenth
    assert (4.5 * 20 + 5 * (k - 1)) / (20 + k - 1) <= tenth + 0.005


def test_an_unknown_zip_is_refused(ours):
    with pytest.raises(nearby.UnknownZip, match="99999"):
        nearby.top_rated("", "99999", 10)


def test_the_nearby_page_ranks_and_refuses_bad_input(personas, cardiologists):
    client = personas["viewer"].client
    page = client.get("/reputation/nearby/?zip=43215&specialty=207RC0000X&radius=25&min_reviews=5")
    assert page.status_code == 200 and "Ourfirst" in page.content.decode()
    assert "more 5-star review" in page.content.decode()
    assert client.get("/reputation/nearby/?zip=43215&radius=-3").status_code == 400
