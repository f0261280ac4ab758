"""Model fields that keep PHI-bearing text encrypted at rest.

The database only ever sees Fernet tokens (AES-128-CBC with HMAC-SHA256), so
SQL logs, backups and replicas carry no plaintext. Encrypted columns cannot be
searched or indexed; search happens on derived, non-PHI data.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from bedside.workspace import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext is randomised: any comparison but isnull would silently
        # match nothing, so refuse it loudly instead.
        if lookup_name != "isnull":
            raise TypeError(f"encrypted fields cannot be filtered with __{lookup_name}")
        return super().get_lookup(lookup_name)


class EncryptedJSONField(models.TextField):
    description = "JSON encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, sort_keys=True))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise TypeError(f"encrypted fields cannot be filtered with __{lookup_name}")
        return super().get_lookup(lookup_name)
