"""System checks for settings that `manage.py check --deploy` should catch before the
site runs with them."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from portal.channels.vapid import vapid_keys


@checks.register(deploy=True)
def webpush_keys(app_configs, **kwargs):
    """Without VAPID keys no notice reaches a phone; a key that cannot be read or a public
    key that does not match would fail every push."""
    try:
        keys = vapid_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="portal.E101")]
    if keys is None:
        return [
            checks.Warning(
                "Web Push is off: WEBPUSH_VAPID_PRIVATE_KEY is not set.",
                hint="Generate a key pair with `manage.py webpush_keys` and set "
                "WEBPUSH_VAPID_PRIVATE_KEY and WEBPUSH_VAPID_PUBLIC_KEY (docs/operating.md).",
                id="portal.W101",
            )
        ]
    if not settings.WEBPUSH_VAPID_SUBJECT.startswith(("mailto:", "https:")):
        return [
            checks.Warning(
                "WEBPUSH_VAPID_SUBJECT must be a mailto: address or https: URL the push "
                "services can reach the operators at.",
                id="portal.W102",
            )
        ]
    return []
