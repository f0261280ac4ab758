"""What the network says about a message (its language, the author's
sensitive mark and content warning, its visibility) is shown, modestly, on
the message page; the content warning is the author's words, so it is kept
encrypted like the body."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_message_page_shows_language_visibility_and_the_sensitive_mark(personas, stored) -> None:
    message = stored("Is the clinic open on Saturday?", language="es", visibility="direct", sensitive=True,
                     content_warning="about my biopsy")
    page = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert '<span id="message-language" lang="en">es</span>' in page
    assert '<span id="message-visibility">direct</span>' in page
    assert "marked sensitive by its author" in page
    assert "Content warning:</small> about my biopsy" in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT content_warning FROM inbox_message WHERE id = %s", [message.pk])
        assert "biopsy" not in cursor.fetchone()[0]


def test_a_message_without_flags_shows_none(personas, stored) -> None:
    message = stored("Thank you, wonderful nurses!")
    page = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert 'id="message-language"' not in page and "marked sensitive" not in page and "Content warning" not in page
