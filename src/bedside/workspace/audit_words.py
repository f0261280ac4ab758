"""Audit actions in a person's words ("signed in", "approved a canned
response"), for the dashboard and the audit log. The stored action names stay
as they are: they are what scripts and the API filter on."""

from __future__ import annotations

WORDS: dict[str, str] = {
    "login": "signed in",
    "login_failed": "failed to sign in",
    "logout": "signed out",
    "password_changed": "changed their password",
    "user_created": "added a person",
    "role_changed": "changed a person's role",
    "api_token_created": "created an API token",
    "api_token_revoked": "revoked an API token",
    "audit_verified": "verified the audit log",
    "organization_added": "added an organization",
    "organization_saved": "changed an organization",
    "organization_deleted": "deleted an organization",
    "organization_restored": "restored an organization",
    "organization_purged": "purged a deleted organization",
    "peer_added": "added a peer",
    "channel_added": "added a channel",
    "channel_deleted": "removed a channel",
    "channel_credentials_saved": "stored a channel's credentials",
    "channel_credentials_cleared": "removed a channel's credentials",
    "channel_oauth_app_registered": "registered Bedside with a network",
    "channel_token_refreshed": "refreshed a channel's token",
    "sync_requested": "asked for a sync",
    "demo_loaded": "loaded the demo's sample data",
    "owned_media_added": "added an owned site",
    "owned_media_removed": "removed an owned site",
    "message_read": "opened a message",
    "message_assigned": "assigned a message",
    "message_moved": "moved a message to another queue",
    "message_closed": "closed a message",
    "message_reopened": "reopened a message",
    "reply_drafted": "drafted a reply",
    "reply_edited": "edited a reply",
    "reply_submitted": "sent a reply for approval",
    "reply_approved": "approved a reply",
    "reply_rejected": "rejected a reply",
    "reply_sending": "started sending a reply",
    "reply_sent": "sent a reply",
    "reply_failed": "had a reply fail to send",
    "reply_outcome_unknown": "sent a reply whose outcome is unknown",
    "canned_created": "created a canned response",
    "canned_proposed": "proposed a canned response",
    "canned_approved": "approved a canned response",
    "takedown_requested": "asked for a comment to be taken down",
    "takedown_done": "took a comment down",
    "takedown_failed": "had a takedown fail",
    "takedown_not_supported": "asked for a takedown the network does not allow",
    "takedown_notice_skipped": "skipped the takedown notice",
    "patient_index_imported": "imported the patient index",
    "patient_index_cleared": "cleared the patient index",
    "vocabulary_term_added": "added a term to the guard's vocabulary",
    "vocabulary_term_removed": "removed a term from the guard's vocabulary",
    "report_scheduled": "scheduled a report",
}


def in_words(action: str) -> str:
    """The action as a phrase; an unknown one (a newer app's) reads as its name with spaces."""
    if action in WORDS:
        return WORDS[action]
    if action.startswith("inbox_") and action.endswith(("_added", "_deleted")):
        thing, _, verb = action.removeprefix("inbox_").rpartition("_")
        return f"{verb} an inbox {thing.replace('_', ' ')}"
    return action.replace("_", " ")
