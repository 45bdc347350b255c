"""`{{ wait|waited }}`: a median wait as people say it ("12 phút", "3,5 giờ", "2 ngày");
`{{ delivery|recipient }}`: who a notice was for, with a phone or e-mail mostly hidden."""

from datetime import timedelta

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.selectors.notices import recipient_shown

register = template.Library()
register.filter("recipient", recipient_shown)


@register.filter
def waited(value: timedelta | None) -> str:
    if value is None:
        return "—"
    minutes = value.total_seconds() / 60
    if minutes < 1:
        return _("dưới 1 phút")
    if minutes < 90:
        return _("%(count)s phút") % {"count": round(minutes)}
    hours = minutes / 60
    if hours < 48:
        return _("%(count)s giờ") % {"count": _tenths(hours)}
    return _("%(count)s ngày") % {"count": _tenths(hours / 24)}


def _tenths(number: float) -> str:
    """ "3,5", and "3" rather than "3,0"."""
    rounded = round(number, 1)
    return number_format(int(rounded) if rounded == int(rounded) else rounded)
