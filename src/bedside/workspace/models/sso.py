from __future__ import annotations

from django.conf import settings
from django.db import models


class SsoIdentity(models.Model):
    """Who the hospital's identity provider says a person is: the issuer and
    the subject it gives them (OIDC ``iss``/``sub``, SAML issuer and NameID).
    A person is found by this pair, never by a name or e-mail address alone,
    which an identity provider may reuse for someone else."""

    PROTOCOLS = [("oidc", "OpenID Connect"), ("saml", "SAML 2.0")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    protocol = models.CharField(max_length=8, choices=PROTOCOLS)
    issuer = models.CharField(max_length=400)
    subject = models.CharField(max_length=400)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "issuer", "subject"], name="sso_identity_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_protocol_display()} {self.subject} at {self.issuer}"
