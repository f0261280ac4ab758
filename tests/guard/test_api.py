from __future__ import annotations

import pytest

from bedside.guard import Context, ContextError, Result, redact, scan, scan_many


def test_it_judges_text_without_context_as_an_outbound_post() -> None:
    result = scan("Call Jane Porter at 617-555-0199")
    assert isinstance(result, Result)
    assert result.verdict == "review"
    assert {f.label for f in result.findings} >= {"PERSON", "PHONE"}


def test_it_returns_findings_with_exact_offsets_and_all_fields() -> None:
    text = "ünïcode first: email jane@example.com now"
    result = scan(text)
    (email,) = [f for f in result.findings if f.label == "EMAIL"]
    assert text[email.start : email.end] == "jane@example.com" == email.text
    d = result.to_dict()
    assert set(d) == {"verdict", "reasons", "findings"}
    assert set(d["findings"][0]) == {"label", "start", "end", "text", "score", "rule", "explanation"}


def test_it_redacts_findings_with_their_labels() -> None:
    assert redact("Email jane@example.com or call 617-555-0199.") == "Email [EMAIL] or call [PHONE]."


def test_it_streams_many_texts_in_order() -> None:
    texts = [f"text {i} call 617-555-{i:04d}" if i % 2 else f"plain text {i}" for i in range(50)]
    results = list(scan_many(iter(texts)))
    assert [r.text for r in results] == texts
    assert [r.verdict for r in results] == ["allow" if i % 2 == 0 else "review" for i in range(50)]


def test_it_streams_many_texts_in_order_across_processes() -> None:
    texts = [f"message {i} from jane{i}@example.com" for i in range(40)]
    results = list(scan_many(texts, context={"direction": "inbound", "kind": "message"}, jobs=2))
    assert [r.text for r in results] == texts
    assert all(r.findings[0].label == "EMAIL" for r in results)


def test_it_accepts_a_context_per_text() -> None:
    items = [("Our records show your visit", {"kind": "review_reply"}), ("Our records show your visit", None)]
    verdicts = [r.verdict for r in scan_many(items)]
    assert verdicts[0] == "block"


def test_it_builds_context_from_a_dict() -> None:
    ctx = Context.from_dict({"direction": "inbound", "kind": "review", "org_phones": ["617-555-0100"]})
    assert ctx.direction == "inbound" and ctx.org_phones == ("617-555-0100",)
    assert Context.from_dict(None) == Context()


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ({"directon": "inbound"}, "directon"),
        ({"direction": "sideways"}, "direction"),
        ({"kind": "tweet"}, "kind"),
        ({"org_phones": "617-555-0100"}, "org_phones"),
        ({"replying_to": 5}, "replying_to"),
    ],
)
def test_it_rejects_bad_context_naming_the_key(data: dict, names: str) -> None:
    with pytest.raises(ContextError, match=names):
        Context.from_dict(data)


def test_it_rejects_a_non_string_text() -> None:
    with pytest.raises(TypeError):
        scan(b"bytes")  # type: ignore[arg-type]


def test_it_does_not_import_django() -> None:
    import subprocess
    import sys

    code = "import sys, bedside.guard as g; g.scan('hi Jane'); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
