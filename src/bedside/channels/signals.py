"""Hooks other apps attach to, so channels never imports the apps above it."""

from django.dispatch import Signal

#: Sent inside the transaction that stored a channel's new credentials
#: (``channel=``). Sync listens to let a channel waiting out a retry try
#: again at the scheduler's next tick.
credentials_saved = Signal()
