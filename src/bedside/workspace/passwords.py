"""Password rules beyond Django's own validators, and what a new password
means for the person's API tokens.

Listed in settings.AUTH_PASSWORD_VALIDATORS beside Django's length (12),
common-password and similarity validators, so every place a password is set
(the pages, `bedside createuser`, the demo) applies them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

MIN_DISTINCT = 5


class NotBlankOrRepeated:
    """Refuse all-whitespace passwords ("          " passes a length check)
    and ones made of a handful of characters repeated ("aaaaaaaaaaaa")."""

    def validate(self, password: str, user: Any = None) -> None:
        if not password.strip():
            raise ValidationError("This password is only spaces.", code="password_blank")
        if len(set(password)) < MIN_DISTINCT:
            raise ValidationError(
                f"This password repeats too few characters: use at least {MIN_DISTINCT} different ones.",
                code="password_repetitive",
            )

    def get_help_text(self) -> str:
        return f"Your password cannot be only spaces, and needs at least {MIN_DISTINCT} different characters."


class RevokeTokensOnChange:
    """Django calls ``password_changed`` on every validator whenever a
    person's password is saved: a changed password revokes their API tokens,
    as one leaked along with the password must stop working too."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from bedside.workspace.models import ApiToken

        ApiToken.revoke_all_of(user, "its owner's password changed")

    def get_help_text(self) -> str:
        return ""
