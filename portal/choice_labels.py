"""`get_<field>_display()` that translates one label, not all of them.

Django's builds a dict of every choice of the field on each call, and hashing a lazy label
translates it: a device card's status and kind translated some twenty labels, and a list of
25 devices spent about 500 translations on two words a card (a third of the page's time).
This one looks the value up in a table of the choices built once a field, and translates only
the label it returns; the result is the same.
Installed on every model at start-up (`PortalConfig.ready`), where Django left its own."""

from functools import cache, partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str

_NOT_A_CHOICE = object()


@cache
def _labels(field) -> dict:
    """The field's choices by value, labels still lazy (a model field's choices are fixed)."""
    return dict(field.flatchoices)


def _display(self, field):
    value = getattr(self, field.attname)
    label = _labels(field).get(value, _NOT_A_CHOICE)
    return value if label is _NOT_A_CHOICE else force_str(label, strings_only=True)


def install() -> None:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            django_own = model.__dict__.get(name)
            if (
                isinstance(django_own, partialmethod)
                and django_own.func is Model._get_FIELD_display
            ):
                setattr(model, name, partialmethod(_display, field=field))
