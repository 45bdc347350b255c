from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import OnceForm
from portal.models import FundEntry


class FundEntryForm(OnceForm):
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=[
            (FundEntry.Kind.CASH_DONATION, FundEntry.Kind.CASH_DONATION.label),
            (FundEntry.Kind.PARTS, FundEntry.Kind.PARTS.label),
        ],
    )
    amount_vnd = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    description = forms.CharField(label=_("Nội dung"), max_length=200)
    occurred_on = forms.DateField(
        label=_("Ngày"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
