"""The team's side of an offer: the next step, sending it to another team, receiving it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.numbers import BoundedNumbers
from portal.models import Offer, OfferStatus
from portal.workflows import OFFER

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OfferStepForm(BoundedNumbers, forms.Form):
    to = forms.ChoiceField(label=_("Bước tiếp theo"), widget=forms.RadioSelect)
    pickup_at = forms.DateTimeField(
        label=_("Hẹn nhận lúc"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    note = forms.CharField(
        label=_("Ghi chú / lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Không nhận: lý do này được báo lại cho nhà hảo tâm."),
    )

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (status, OfferStatus(status).label)
            for status in OFFER.targets("offer_transition", offer.status)
        ]

    def clean(self):
        data = super().clean()
        if data.get("to") == OfferStatus.PICKUP_SCHEDULED and not data.get("pickup_at"):
            self.add_error("pickup_at", _("Hãy chọn ngày giờ hẹn nhận."))
        if data.get("to") == OfferStatus.DECLINED and not data.get("note", "").strip():
            self.add_error("note", _("Hãy ghi lý do không nhận để báo lại nhà hảo tâm."))
        return data


class OfferRouteForm(BoundedNumbers, forms.Form):
    team = forms.ModelChoiceField(label=_("Chuyển cho tổ"), queryset=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ReceiveForm(BoundedNumbers, forms.Form):
    """How many of each offered item actually arrived (the offered number by default)."""

    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=250)

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(offer.items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.IntegerField(
                label=_("%(item)s — số đã nhận") % {"item": item},
                min_value=0,
                max_value=item.quantity,
                initial=item.quantity,
            )

    def quantities(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}
