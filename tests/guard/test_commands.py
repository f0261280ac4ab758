from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bedside.guard.commands import check, scan


def test_it_checks_a_text_and_explains_the_verdict() -> None:
    out = CliRunner().invoke(check, ["Our records show you were seen by Dr. Patel", "--kind", "review_reply"])
    assert out.exit_code == 0, out.output
    assert "verdict: block" in out.output
    assert "[[Patel|PERSON]]" in out.output
    assert "confirms" in out.output


def test_it_checks_stdin_as_json() -> None:
    out = CliRunner().invoke(check, ["-", "--json"], input="email me at jane@example.com")
    data = json.loads(out.output)
    assert data["verdict"] == "review"
    assert data["findings"][0]["label"] == "EMAIL"
    assert data["text"] == "email me at jane@example.com"


def test_it_scans_jsonl_in_order_with_error_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "call 617-555-0199"}),
        "{not json",
        json.dumps({"id": "c", "text": "hello", "context": {"kind": "tweet"}}),
        json.dumps({"id": "d", "text": "Our records show your visit", "context": {"kind": "review_reply"}}),
        json.dumps({"id": "e"}),
        json.dumps({"id": "f", "text": "plain words"}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    out = CliRunner().invoke(scan, [str(src), "--out", str(dst), "--jobs", "2"])
    assert out.exit_code == 1
    records = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in records] == ["a", None, "c", "d", "e", "f"]
    assert records[0]["verdict"] == "review"
    assert records[0]["spans"][0] == {"start": 5, "end": 17, "label": "PHONE", "score": 1.0, "rule": "phone:digits"}
    assert records[1]["line"] == 2 and "JSON" in records[1]["error"]
    assert records[2]["line"] == 3 and "kind" in records[2]["error"]
    assert records[3]["verdict"] == "block"
    assert records[4]["line"] == 5 and "text" in records[4]["error"]
    assert records[5] == {"id": "f", "verdict": "allow", "spans": []}


def test_it_exits_zero_when_every_line_scans(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "hi"}) + "\n", encoding="utf-8")
    out = CliRunner().invoke(scan, [str(src)])
    assert out.exit_code == 0
    assert json.loads(out.output) == {"id": 1, "verdict": "allow", "spans": []}


def test_it_reports_a_line_that_is_not_utf8_and_scans_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n' + json.dumps({"id": 2, "text": "hello"}).encode() + b"\n")
    out = CliRunner().invoke(scan, [str(src)])
    assert out.exit_code == 1
    first, second = (json.loads(x) for x in out.stdout.splitlines())
    assert first["line"] == 1 and "UTF-8" in first["error"]
    assert second == {"id": 2, "verdict": "allow", "spans": []}


def test_fail_on_gates_a_pipeline_by_verdict() -> None:
    # A website's publishing pipeline runs `bedside check --fail-on review` and stops on status 3.
    held = CliRunner().invoke(check, ["Write to me at ana.lopez@example.org", "--fail-on", "review"])
    assert held.exit_code == 3, held.output
    assert "verdict: review" in held.output
    # The same review verdict passes a gate that only stops blocks...
    assert CliRunner().invoke(check, ["Write to me at ana.lopez@example.org", "--fail-on", "block"]).exit_code == 0
    # ...and a block stops both gates.
    blocked = ["We have your chart from your visit with Dr. Okafor", "--kind", "review_reply"]
    assert CliRunner().invoke(check, [*blocked, "--fail-on", "block"]).exit_code == 3
    assert CliRunner().invoke(check, [*blocked, "--fail-on", "review"]).exit_code == 3
    # A clean text passes, and without --fail-on the status stays 0 whatever the verdict.
    assert CliRunner().invoke(check, ["Our flu clinic opens on Saturday", "--fail-on", "review"]).exit_code == 0
    assert CliRunner().invoke(check, blocked).exit_code == 0
