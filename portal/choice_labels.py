"""`get_<field>_display()` that reads a label from a table, not translating on every call.

Django's builds a dict of every choice of the field on each call, and hashing a lazy label
translates it: a device card's status and kind translated some twenty labels, and a list of
25 devices spent about 500 translations on two words a card (a third of the page's time).
This one looks the value up in a table of the field's labels built once a field and language
(translating a label, even the one returned, cost a card's status and kind 25 µs each); the
result is the same.
Installed on every model at start-up (`PortalConfig.ready`), where Django left its own."""

from functools import cache, partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.translation import get_language


@cache
def _labels(field, language: str | None) -> dict:
    """The field's labels by value in the active language (a model field's choices are
    fixed; the language keys the cache)."""
    return {value: force_str(label, strings_only=True) for value, label in field.flatchoices}


def _display(self, field):
    value = getattr(self, field.attname)
    return _labels(field, get_language()).get(value, value)


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
