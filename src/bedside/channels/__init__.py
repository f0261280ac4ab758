"""Channels: one home for getting a network client that is ready to use.

Sync, replies, takedowns and (later) publishing, reputation and listening all
ask :func:`bedside.channels.clients.ready_client` for a channel's client, so a
token near expiry is refreshed (and the fresh one saved, encrypted) whichever
of them touches the channel first.
"""
