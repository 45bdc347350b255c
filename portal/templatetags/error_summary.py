"""The one way to show a form's mistakes: a summary at the top of the page (the GOV.UK error
summary), each mistake a link to the field that shows it.

`{% error_summary_items as error_summary %}` (in base.html) gathers the mistakes of every
bound form and formset in the page's context, so no view or template has to remember to;
`components/error_summary.html` shows them, and `components/form_errors.html` puts the
anchor the form's own (non-field) mistakes link to.
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    target: str  # the id of the element the link leads to
    field: str  # what the mistake is about ("Số điện thoại", "Món 2 · Số lượng"), or ""
    message: str


@register.filter
def errors_anchor(form: BaseForm) -> str:
    """The id of the box with a form's own mistakes (`components/form_errors.html`)."""
    return form.add_prefix("errors")


@register.filter
def own_errors(form: BaseForm) -> list[str]:
    """The form's own mistakes, and those of its hidden fields (nobody can see those
    fields, so their mistakes are shown with the form's, as Django's own rendering does)."""
    messages = [str(error) for error in form.non_field_errors()]
    for bound in form.hidden_fields():
        messages += [str(error) for error in bound.errors]
    return messages


def formset_errors_anchor(formset: BaseFormSet) -> str:
    return f"{formset.prefix}-errors"


register.filter("formset_errors_anchor", formset_errors_anchor)


def field_target(bound: BoundField) -> str:
    """The element a link to a field focuses: the field itself, or the first of a group of
    radios or boxes (whose `id_for_label` is empty, as their label is a legend)."""
    if bound.id_for_label:
        return bound.id_for_label
    for option in bound.subwidgets:
        if option.id_for_label:
            return option.id_for_label
    return bound.auto_id


def form_problems(form: BaseForm, row: str = "", done: set[int] | None = None) -> list[Problem]:
    """A form's mistakes in the order of its fields. A form whose page shows a formset
    among its fields says where (`formsets_before`: field name → attribute holding the
    formset), so the summary keeps the page's order; `done` notes the formsets so placed."""

    def about(label) -> str:
        return " · ".join(str(part) for part in (row, label) if part)

    problems = [Problem(errors_anchor(form), about(""), message) for message in own_errors(form)]
    formsets_before = getattr(form, "formsets_before", {})
    for bound in form.visible_fields():
        formset = getattr(form, formsets_before.get(bound.name, ""), None)
        if formset is not None and done is not None and id(formset) not in done:
            done.add(id(formset))
            problems += formset_problems(formset)
        problems += [Problem(field_target(bound), about(bound.label), str(e)) for e in bound.errors]
    return problems


def formset_problems(formset: BaseFormSet) -> list[Problem]:
    anchor = formset_errors_anchor(formset)
    problems = [Problem(anchor, "", str(error)) for error in formset.non_form_errors()]
    # A formset may name its rows as its page does ("Món 2"); "Dòng 2" otherwise.
    row_label = getattr(formset, "row_label", None) or _("Dòng %(number)s")
    for number, form in enumerate(formset.forms, start=1):
        problems += form_problems(form, row_label % {"number": number})
    return problems


@register.simple_tag(takes_context=True)
def error_summary_items(context) -> list[Problem]:
    """Every mistake of the bound forms and formsets the page was given, in their order."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        # type(), not isinstance(): a lazy value (the CSRF token) must stay unevaluated, or
        # every page would set a cookie and none could be cached.
        kind = type(value)
        if id(value) in seen or not issubclass(kind, BaseForm | BaseFormSet):
            continue
        seen.add(id(value))
        if not value.is_bound:
            continue
        if issubclass(kind, BaseFormSet):
            problems += formset_problems(value)
        else:
            problems += form_problems(value, done=seen)
    return problems
