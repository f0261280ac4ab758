"""Naming who leads a department (and so hears of its low reviews) from the
Reputation section, not only from the command line."""

from __future__ import annotations

import pytest

from bedside.reputation.models import DepartmentLeader
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_manager_names_a_leader_and_the_page_shows_them(okafor, personas) -> None:
    ray = personas["responder"].user
    ray.email = "ray@riverbend.example"
    ray.save(update_fields=["email"])
    client = personas["manager"].client
    response = client.post("/reputation/departments/leader/", {"department": "Cardiology", "leader": "ray"},
                           follow=True)
    assert "ray leads Cardiology." in response.content.decode()
    assert DepartmentLeader.objects.get(department="Cardiology").leader == ray
    assert AuditEntry.objects.filter(action="department_leader_set").count() == 1

    page = client.get("/reputation/departments/").content.decode()
    row = page[page.index('<th scope="row">Cardiology</th>'):]
    row = row[:row.index("</tr>")]
    assert "1 (1)" in row and '<option value="ray" selected>' in row and "alerts to them fail" not in row


def test_a_leader_without_an_address_is_shown_as_unreachable(okafor, personas) -> None:
    personas["manager"].client.post("/reputation/departments/leader/", {"department": "Cardiology", "leader": "vic"})
    page = personas["viewer"].client.get("/reputation/departments/").content.decode()
    assert "no e-mail address: alerts to them fail" in page
    assert "<form" not in page[page.index('id="departments"'):]  # a viewer sees, cannot change


def test_clearing_the_leader_leaves_patient_relations_alone(okafor, personas) -> None:
    client = personas["manager"].client
    client.post("/reputation/departments/leader/", {"department": "Cardiology", "leader": "ray"})
    response = client.post("/reputation/departments/leader/", {"department": "Cardiology", "leader": ""}, follow=True)
    assert "Cardiology has no leader now" in response.content.decode()
    assert not DepartmentLeader.objects.exists()
    assert AuditEntry.objects.filter(action="department_leader_removed").count() == 1


@pytest.mark.parametrize(("department", "leader", "says"), [
    ("Oncology", "ray", "no provider on the roster is in the department 'Oncology'"),
    ("Cardiology", "nobody-here", "no person with the username 'nobody-here'"),
])
def test_an_unknown_department_or_person_is_refused_saying_which(okafor, personas, department, leader, says) -> None:
    response = personas["manager"].client.post("/reputation/departments/leader/",
                                               {"department": department, "leader": leader}, follow=True)
    assert f"Not saved: {says}" in response.content.decode().replace("&#x27;", "'")
    assert not DepartmentLeader.objects.exists()


def test_a_deactivated_person_cannot_be_named(okafor, personas) -> None:
    ray = personas["responder"].user
    ray.is_active = False
    ray.save(update_fields=["is_active"])
    response = personas["manager"].client.post("/reputation/departments/leader/",
                                               {"department": "Cardiology", "leader": "ray"}, follow=True)
    assert "ray is deactivated and would hear nothing" in response.content.decode()
    assert not DepartmentLeader.objects.exists()
