"""System checks for settings that `manage.py check --deploy` should catch before the
site runs with them."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from portal.channels.vapid import vapid_keys
from portal.vietqr import VietQRError, payload


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


@checks.register()
def vietqr_account(app_configs, **kwargs):
    """An account no bank could read would break every page that shows the code: refused at
    start-up instead. In production, the made-up demonstration account is worth a warning."""
    try:
        payload(bank_bin=settings.VIETQR_BANK_BIN, account=settings.VIETQR_ACCOUNT_NUMBER)
    except VietQRError as error:
        return [
            checks.Error(
                f"VIETQR_BANK_BIN / VIETQR_ACCOUNT_NUMBER: {error}",
                hint="See docs/operating.md, VietQR.",
                id="portal.E111",
            )
        ]
    return []


@checks.register(deploy=True)
def vietqr_demo_account(app_configs, **kwargs):
    if settings.VIETQR_ACCOUNT_NUMBER != settings.VIETQR_DEMO_ACCOUNT:
        return []
    return [
        checks.Warning(
            "Donors are shown the demonstration bank account (VIETQR_ACCOUNT_NUMBER unset).",
            hint="Set VIETQR_BANK_BIN, VIETQR_BANK_NAME, VIETQR_ACCOUNT_NUMBER and "
            "VIETQR_ACCOUNT_NAME (docs/operating.md, VietQR).",
            id="portal.W111",
        )
    ]
