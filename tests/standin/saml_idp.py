"""A SAML 2.0 identity provider on the stand-in server, built from pysaml2's
own IdP side (saml2.server.Server) with Debian's xmlsec1: it publishes its
metadata, takes an AuthnRequest by the HTTP-Redirect binding, shows a
sign-in page and posts a signed assertion back to the service provider's
assertion consumer service (HTTP-POST binding), as ADFS does.

It trusts the service provider whose metadata it is given (Bedside's own
``/saml2/metadata/``, read by the test). Tests choose who signs in
(``person``) and how the provider misbehaves: ``sign_with_unpublished_key``,
``unsigned``, ``audience`` (someone else's entity id). Assertions are valid
for ``lifetime`` (five minutes).
"""

from __future__ import annotations

import datetime
import html
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_UNSPECIFIED, NameID
from saml2.server import Server

from tests.standin.server import Request, Response, StandIn

SLUG = "saml"


def _key_and_cert(folder: Path, name: str) -> tuple[str, str]:
    """A throwaway RSA key and self-signed certificate, as an IdP has."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"stand-in idp {name}")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


@dataclass
class SamlIdp:
    standin: StandIn
    sp_metadata: str = ""
    #: NameID and attributes of whoever signs in next
    person: dict[str, Any] = field(default_factory=dict)
    sign_with_unpublished_key: bool = False
    unsigned: bool = False
    audience: str = ""
    lifetime: dict[str, int] = field(default_factory=lambda: {"minutes": 5})
    auto_approve: bool = False

    def __post_init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="bedside-saml-idp-"))
        self._published = _key_and_cert(self._folder, "published")
        self._unpublished = _key_and_cert(self._folder, "unpublished")
        self._servers: dict[bool, Server] = {}
        self.standin.route(SLUG, "GET", "/metadata", self._metadata)
        self.standin.route(SLUG, "GET", "/sso", self._sso)
        self.standin.route(SLUG, "POST", "/sso", self._approve)

    @property
    def entity_id(self) -> str:
        return f"{self.standin.base_url(SLUG)}/metadata"

    @property
    def metadata_url(self) -> str:
        return self.entity_id

    def settings_for(self, settings: Any) -> None:
        """Point Bedside (pytest-django's ``settings``) at this provider."""
        settings.SAML_IDP_METADATA_URL = self.metadata_url

    def _config(self, key: tuple[str, str], with_sp: bool) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
                "key_file": key[0],
                "cert_file": key[1],
                "allow_unknown_attributes": True,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.standin.base_url(SLUG)}/sso", BINDING_HTTP_REDIRECT)
                            ]
                        },
                        "name_id_format": [NAMEID_FORMAT_UNSPECIFIED],
                        "policy": {"default": {"lifetime": self.lifetime, "attribute_restrictions": None}},
                    }
                },
                "metadata": {"inline": [self.sp_metadata]} if with_sp else {},
            }
        )
        return config

    def _server(self) -> Server:
        key = self._unpublished if self.sign_with_unpublished_key else self._published
        # Built for each answer: the lifetime and key are per test.
        return Server(config=self._config(key, with_sp=True))

    # -- endpoints -----------------------------------------------------------
    def _metadata(self, request: Request) -> Response:
        text = create_metadata_string(None, config=self._config(self._published, with_sp=False), valid=24)
        return Response(200, text, content_type="application/samlmetadata+xml")

    def _sso(self, request: Request) -> Response:
        saml_request = request.query.get("SAMLRequest", "")
        if not saml_request:
            return Response(400, "SAMLRequest is missing", content_type="text/plain")
        if self.auto_approve:
            return self._approve(request, request.query)
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
            for k, v in request.query.items()
            if k in ("SAMLRequest", "RelayState")
        )
        who = html.escape(str(self.person.get("name_id", "someone")))
        page = (
            f"<!doctype html><title>Stand-in SAML identity provider</title>"
            f"<h1>Stand-in SAML identity provider</h1>"
            f'<form method="post" action="{self.standin.base_url(SLUG)}/sso">{hidden}'
            f"<button>Continue as {who}</button></form>"
        )
        return Response(200, page, content_type="text/html; charset=utf-8")

    def answer(self, saml_request: str, relay_state: str = "") -> tuple[str, dict[str, str]]:
        """The assertion consumer service's address and the form fields to post there."""
        server = self._server()
        parsed = server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        message = parsed.message
        attributes = {k: v for k, v in self.person.items() if k != "name_id"}
        response = server.create_authn_response(
            identity=attributes,
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=self.audience or message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_UNSPECIFIED, text=self.person["name_id"]),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_assertion=not self.unsigned,
            sign_response=False,
        )
        post = server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            message.assertion_consumer_service_url,
            relay_state,
            response=True,
        )
        fields = {"SAMLResponse": _field(post["data"], "SAMLResponse"), "RelayState": relay_state}
        return message.assertion_consumer_service_url, fields

    def _approve(self, request: Request, params: dict[str, str] | None = None) -> Response:
        q = params if params is not None else request.form()
        url, fields = self.answer(q["SAMLRequest"], q.get("RelayState", ""))
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in fields.items()
        )
        page = (
            f"<!doctype html><title>Signing you in</title>"
            f'<form method="post" action="{html.escape(url)}">{hidden}<button>Continue to the application</button></form>'
        )
        return Response(200, page, content_type="text/html; charset=utf-8")


def _field(page: str, name: str) -> str:
    """A hidden field's value in pysaml2's auto-post page."""
    from html.parser import HTMLParser

    found: dict[str, str] = {}

    class _Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "input" and values.get("name") == name:
                found[name] = values.get("value") or ""

    _Parser().feed(page)
    return found[name]
