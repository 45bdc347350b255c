"""The whole numbers a form accepts, decided in one place for every portal and public form.

Django's IntegerField takes a number of any size, and a model's range is checked only for
the database in use: 10^19 typed as a repair's parts cost passed the form and failed as a
server error in the INSERT; the largest bigint fitted a fund entry's column but not the
fund's balance it is added to. Every form mixes in `BoundedNumbers`, which gives each of
its whole-number fields an upper bound and Vietnamese messages:

- money (a field named `…_vnd`): at most MAX_VND, far below what a bigint sum can hold;
- a model's field: the range of its PostgreSQL column, on every database (SQLite too);
- any other whole number: a PostgreSQL integer.

A list of rows to tick (`ChosenIds`) refuses an id beyond a bigint.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_VND = 1_000_000_000_000  # 1.000 tỷ đồng: more than any one gift, sale or expense
MAX_WHOLE = 2_147_483_647  # a PostgreSQL integer
MAX_ID = 9_223_372_036_854_775_807  # ids are bigints
# The ranges of PostgreSQL's integer columns (it uses Django's base ranges unchanged).
COLUMN_RANGES = BaseDatabaseOperations.integer_field_ranges


def _upper_bound(form, name: str) -> int:
    if name.endswith("_vnd"):
        return MAX_VND
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        column = model._meta.get_field(name).get_internal_type() if model else None
    except FieldDoesNotExist:
        column = None
    return COLUMN_RANGES[column][1] if column in COLUMN_RANGES else MAX_WHOLE


def too_large(limit: int, *, money: bool) -> str:
    """The message for a number above its bound, the bound grouped the Vietnamese way."""
    if money:
        message = _("Số tiền quá lớn: tối đa %(limit)s đồng.")
    else:
        message = _("Số quá lớn: tối đa %(limit)s.")
    return message % {"limit": number_format(limit, force_grouping=True)}


def _bound(field: forms.IntegerField, limit: int, money: bool) -> None:
    if field.max_value is None or field.max_value > limit:
        field.max_value = limit
        field.validators.append(MaxValueValidator(limit))
    field.error_messages["invalid"] = _("Hãy nhập một số nguyên, ví dụ 12.")
    field.error_messages["max_value"] = too_large(field.max_value, money=money)


class BoundedNumbers:
    """Mixed into every form (before Django's form class). Bounds are set when the form is
    checked, so fields a form adds in its own __init__ are bounded too."""

    def full_clean(self):
        for name, field in self.fields.items():
            # A DecimalField is an IntegerField to Django, but its digits already bound it.
            if isinstance(field, forms.IntegerField) and not isinstance(
                field, forms.DecimalField | forms.FloatField
            ):
                _bound(field, _upper_bound(self, name), money=name.endswith("_vnd"))
        super().full_clean()


def _beyond_an_id(value) -> bool:
    """Whether `value` reads, as Django reads an id (int(): signed, spaced, in any digits),
    as a number no bigint holds."""
    try:
        return abs(int(str(value))) > MAX_ID
    except ValueError:
        return False


class ChosenIds(forms.ModelMultipleChoiceField):
    """Rows ticked in a list. An id beyond a bigint names no row: PostgreSQL finds none,
    but SQLite fails on it, so it is refused here like any choice not offered."""

    def clean(self, value):
        for chosen in value or []:
            if _beyond_an_id(chosen):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": chosen},
                )
        return super().clean(value)
