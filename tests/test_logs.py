"""Request ids on log lines, and events that refuse body-carrying fields."""

from __future__ import annotations

import logging

import pytest

from bedside.logs import HEADER, RequestIdFilter, event, request_id


@pytest.mark.django_db
def test_each_request_gets_an_id_in_its_response(client) -> None:
    first, second = client.get("/healthz"), client.get("/accounts/login/")
    assert first[HEADER] and second[HEADER] and first[HEADER] != second[HEADER]


@pytest.mark.django_db
def test_a_proxys_plain_request_id_is_kept_and_a_strange_one_replaced(client) -> None:
    assert client.get("/accounts/login/", headers={HEADER: "edge-42.a"})[HEADER] == "edge-42.a"
    replaced = client.get("/accounts/login/", headers={HEADER: "x\nInjected: 1"})[HEADER]
    assert "\n" not in replaced and len(replaced) == 32


def test_outside_a_request_the_filter_tags_records_with_a_dash() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "hi", None, None)
    assert RequestIdFilter().filter(record) and record.request_id == "-" == request_id()


@pytest.mark.parametrize("field", ["body", "text", "draft"])
def test_an_event_refuses_a_field_that_would_carry_what_a_person_wrote(field: str) -> None:
    with pytest.raises(ValueError, match="would carry text a person wrote"):
        event(logging.getLogger("t"), "reply.sent", **{field: "hello"})


def test_an_event_is_one_key_value_line(caplog) -> None:
    with caplog.at_level("INFO"):
        event(logging.getLogger("t"), "sync.finished", channel=3, status="ok", note="two words")
    assert caplog.records[-1].getMessage() == "event=sync.finished channel=3 status=ok note='two words'"
