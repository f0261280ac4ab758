"""Patient-survey stars on our website: the vendor's CSV all or nothing,
comments checked by the guard and approved by a reviewer, stars published
as static files only from 30 ratings."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from bedside.reputation import stars
from bedside.reputation.models import Provider, SurveyComment, SurveyResult
from bedside.workspace.models import AuditEntry
from tests.reputation.test_commands import bedside

pytestmark = pytest.mark.django_db
HEADER = "npi,period_end,ratings,average,comment_id,comment\n"
KIND = "Dr. Okafor took time with every question and the plan was clear."
BLOCKED = "My husband Harold Quimbly, MRN 448812, had his stent placed on 3/4/2026 and she was great."
THIN_NPI = "1922334457"


@pytest.fixture
def thin(okafor) -> Provider:
    from bedside.networks.nppes import npi_problem

    assert not npi_problem(THIN_NPI)
    return Provider.objects.create(organization=okafor.organization, npi=THIN_NPI, first_name="Eli",
                                   last_name="Brooks", credentials="DO")


@pytest.fixture
def results_file(tmp_path, okafor, thin):
    path = tmp_path / "survey-q3.csv"
    path.write_text(HEADER + f"1234567893,2026-09-30,212,4.8,C-1,{KIND}\n"
                    f'1234567893,2026-09-30,212,4.8,C-2,"{BLOCKED}"\n'
                    "1234567893,2026-09-30,212,4.8,C-3,The front desk called back the same day.\n"
                    f"{THIN_NPI},2026-09-30,18,4.9,C-4,Very kind and on time.\n")
    return path


def test_an_import_stores_results_and_guards_every_comment(results_file) -> None:
    found = stars.import_file(results_file)
    assert (found.results, found.comments, found.held) == (2, 4, 1)
    states = dict(SurveyComment.objects.values_list("external_id", "state"))
    assert states == {"C-1": "pending", "C-2": "rejected", "C-3": "pending", "C-4": "pending"}
    assert SurveyComment.objects.get(external_id="C-2").verdict == "block"
    with connection.cursor() as cursor:  # patients' words are encrypted at rest
        cursor.execute("SELECT body FROM reputation_surveycomment")
        assert not any("Quimbly" in row[0] or "plan was clear" in row[0] for row in cursor.fetchall())


def test_a_bad_file_names_every_bad_cell_and_stores_nothing(tmp_path, okafor, thin) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + f"1234567893,2026-09-30,212,4.8,C-1,{KIND}\n"
                    "1234567890,2026-09-30,40,4.1,,\n"
                    "1234567893,2026-13-01,many,6.5,,\n"
                    "1234567893,2026-09-30,200,4.8,C-9,Again.\n"
                    f"{THIN_NPI},2026-09-30,18,4.9,C-1,A repeated id.\n"
                    "1679576722,2026-09-30,50,4.0,,\n")
    with pytest.raises(stars.StarsRefused) as refused:
        stars.import_file(path)
    assert refused.value.errors == [
        f"{path}, row 3, npi: 1234567890 fails the NPI check digit (a digit is mistyped)",
        f"{path}, row 4, period_end: '2026-13-01' is not a date (YYYY-MM-DD)",
        f"{path}, row 4, ratings: 'many' is not a whole number",
        f"{path}, row 4, average: '6.5' is not between 1 and 5 stars",
        f"{path}, row 5, ratings: differs from row 2 for NPI 1234567893 and period 2026-09-30",
        f"{path}, row 6, comment_id: 'C-1' is also on row 2",
        f"{path}, row 7, npi: 1679576722 is not on our roster: import or add the provider first",
    ]
    assert not SurveyResult.objects.exists() and not SurveyComment.objects.exists()


def test_only_a_reviewer_approves_and_never_a_blocked_comment(results_file, personas) -> None:
    stars.import_file(results_file)
    kind, blocked = (SurveyComment.objects.get(external_id=i) for i in ("C-1", "C-2"))
    with pytest.raises(stars.StarsRefused, match="Only a compliance reviewer"):
        stars.review(kind, personas["responder"].user, approve=True)
    with pytest.raises(stars.StarsRefused, match="never published"):
        stars.review(blocked, personas["reviewer"].user, approve=True)
    approved = stars.review(kind, personas["reviewer"].user, approve=True)
    assert approved.state == "approved" and approved.reviewer == personas["reviewer"].user
    assert AuditEntry.objects.filter(action="survey_comment_approved", actor_name="rita").exists()
    with pytest.raises(stars.StarsRefused, match="already approved"):
        stars.review(kind, personas["reviewer"].user, approve=False)


def test_publishing_writes_static_files_only_from_30_ratings_with_approved_comments(
        results_file, personas, tmp_path) -> None:
    stars.import_file(results_file)
    for comment_id in ("C-1", "C-4"):
        stars.review(SurveyComment.objects.get(external_id=comment_id), personas["reviewer"].user, approve=True)
    folder = tmp_path / "site-stars"
    done = stars.publish(folder=folder)
    assert (done.providers, done.withheld) == (["1234567893"], 1)
    data = json.loads((folder / "providers" / "1234567893.json").read_text())
    assert (data["average"], data["ratings"], data["period_end"]) == (4.8, 212, "2026-09-30")
    assert data["comments"] == [KIND]  # C-3 awaits review; C-2 was blocked
    snippet = (folder / "providers" / "1234567893.html").read_text()
    assert "4.8</strong> out of 5 · 212 patient ratings" in snippet and "took time with every question" in snippet
    assert "Quimbly" not in snippet and not (folder / "providers" / f"{THIN_NPI}.json").exists()
    assert [p["npi"] for p in json.loads((folder / "index.json").read_text())["providers"]] == ["1234567893"]

    # A new period under 30 ratings takes her stars down at the next publish.
    newer = results_file.parent / "survey-q4.csv"
    newer.write_text(HEADER + "1234567893,2026-11-30,12,5.0,,\n")
    stars.import_file(newer)
    again = stars.publish(folder=folder)
    assert (again.providers, again.removed) == ([], 1)
    assert list((folder / "providers").iterdir()) == []


def test_the_cli_imports_and_publishes(results_file, tmp_path, settings) -> None:
    settings.STARS_DIR = tmp_path / "out"
    code, out, _ = bedside("stars", "import", str(results_file))
    assert code == 0 and "2 result(s), 4 new comment(s) (1 blocked by the guard" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "1234567893,2026-09-30,,4.8,,\n")
    code, _, err = bedside("stars", "import", str(bad))
    assert code == 1 and f"{bad}, row 2, ratings: is empty" in err and "nothing was stored" in err
    code, out, _ = bedside("stars", "publish")
    assert code == 0 and "Published 1 provider(s)" in out and (tmp_path / "out" / "index.json").exists()


def test_the_page_shows_results_to_viewers_and_comments_only_to_reviewers_audited(results_file, personas) -> None:
    stars.import_file(results_file)
    viewer = personas["viewer"].client.get("/reputation/stars/").content.decode()
    assert "Amara Okafor, MD" in viewer and "no: 18 of 30 ratings" in viewer and "plan was clear" not in viewer
    page = personas["reviewer"].client.get("/reputation/stars/").content.decode()
    assert "plan was clear" in page and "Quimbly" not in page  # blocked: never offered for approval
    assert AuditEntry.objects.filter(action="survey_comments_read", actor_name="rita").exists()
    kind = SurveyComment.objects.get(external_id="C-1")
    personas["reviewer"].client.post(f"/reputation/stars/comments/{kind.pk}/", {"decision": "approve"})
    kind.refresh_from_db()
    assert kind.state == "approved"


def test_the_api_and_the_executive_report_give_the_stars_in_figures_never_comments(results_file, personas) -> None:
    stars.import_file(results_file)
    stars.review(SurveyComment.objects.get(external_id="C-1"), personas["reviewer"].user, approve=True)
    found = personas["viewer"].client.get("/api/reputation/stars").json()
    assert (found["with_results"], found["shown"], found["withheld"], found["minimum_ratings"]) == (2, 1, 1, 30)
    assert (found["average"], found["ratings"], found["latest_period_end"]) == (4.8, 212, "2026-09-30")
    assert (found["comments_approved"], found["comments_waiting"], found["comments_blocked"]) == (1, 2, 1)
    assert {p["npi"]: p["on_website"] for p in found["providers"]} == {"1234567893": True, THIN_NPI: False}
    assert KIND not in str(found)

    html = personas["viewer"].client.get("/reports/benchmark/?format=html").content.decode()
    assert ("Patient-survey stars on our website: 1 of 2 providers with survey results, averaging 4.80 stars "
            "from 212 ratings") in html
    assert "1 withheld (fewer than 30 ratings); 1 comment approved, 2 awaiting review, 1 blocked" in html
    assert "took time with every question" not in html and "Quimbly" not in html
