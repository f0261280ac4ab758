"""Listening: what is said about us, our physicians and our peers anywhere.

Saved searches (``query.py``) run against each network's public search
(``collect.py``); every mention is stored once per source id, encrypted, and
triaged like an inbox message. Crisis language or PHI puts a mention in front
of compliance; the rest are browsed, not queued as work (``views.py``).
"""
