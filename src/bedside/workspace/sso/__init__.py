"""Single sign-on: the hospital's identity provider signs people in.

OpenID Connect (Entra ID, Okta, Google, Keycloak) through mozilla-django-oidc
(``oidc.py``), SAML 2.0 (ADFS and older providers) through djangosaml2 and
pysaml2 with Debian's xmlsec1 (``saml.py``). Both hand what the provider said
to ``provision.sign_in``, the one place that finds or creates the person
(just in time), maps their groups to a Bedside role (``mapping.py``) and
refuses deactivated people. ``local.py`` says when a password may still be
used: everyone, or only the one break-glass administrator.
"""
