"""Governance: how long records are kept, and legal holds that stop deletion.

Retention deletes what is past its time in small batches (so the inbox is
never locked for long) and writes the counts, never the content, to the audit
log. A legal hold on an organization, a channel, a person's messages or a date
range suspends deletion of everything it covers until someone lifts it.
"""
