import logging

from django import template
from django.core.exceptions import ImproperlyConfigured

from portal.channels.vapid import vapid_keys

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def webpush_public_key() -> str:
    """The key a browser subscribes with (its `applicationServerKey`); empty when Web Push
    is off, or its key unusable (`check --deploy` says which), so the page still opens."""
    try:
        keys = vapid_keys()
    except ImproperlyConfigured:
        logger.exception("Web Push keys")
        return ""
    return keys.public if keys else ""
