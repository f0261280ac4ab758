"""Stored handles take the form their network's client gives them.

Handles used to be normalized by a second, looser copy of each client's rules
(workspace/handles.py). The client's own ``normalize_handle`` is now the one
rule, and for some networks its canonical form differs (YouTube keeps the @
of an @handle; Instagram and Pinterest names are lower case). Rewrite what is
stored so a person typing the handle finds their channel. A row the client
refuses, or whose new form another channel of the same organization already
has, is left as it is: nothing is merged or lost.
"""

from django.db import migrations


def _to_client_form(apps, schema_editor):
    from bedside.networks.registry import UnknownNetwork, client_class

    Channel = apps.get_model("channels", "Channel")
    for channel in Channel._base_manager.order_by("pk").iterator():
        try:
            rule = getattr(client_class(channel.network), "normalize_handle", None)
        except UnknownNetwork:
            continue
        if rule is None:
            continue
        try:
            canonical = rule(channel.handle)
        except ValueError:
            continue
        if canonical == channel.handle:
            continue
        clash = Channel._base_manager.filter(
            organization_id=channel.organization_id, network=channel.network, handle=canonical
        ).exists()
        if not clash:
            Channel._base_manager.filter(pk=channel.pk).update(handle=canonical)


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0001_channel_moved_channels'),
    ]

    operations = [
        migrations.RunPython(_to_client_form, migrations.RunPython.noop),
    ]
