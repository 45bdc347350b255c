from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.bank_statements import FIELD_LABELS, FIELDS, column_choices
from portal.forms.base import OnceForm
from portal.forms.numbers import BoundedNumbers
from portal.models import BankStatement


class StatementUploadForm(OnceForm):
    file = forms.FileField(
        label=gettext_lazy("Tệp sao kê (.xlsx hoặc .csv)"),
        help_text=gettext_lazy(
            "Sao kê tài khoản của quỹ, tải từ ngân hàng điện tử; tối đa 2 MB, 10.000 dòng."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


class ColumnMappingForm(BoundedNumbers, forms.Form):
    """Which column of an unknown layout holds the date, the reference, the credit, the memo."""

    def __init__(self, *args, statement: BankStatement, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *column_choices(statement.cells, statement.header_row)]
        for field in FIELDS:
            self.fields[field] = forms.TypedChoiceField(
                label=FIELD_LABELS[field], choices=choices, coerce=int
            )

    def clean(self):
        data = super().clean()
        chosen = [data.get(field) for field in FIELDS if data.get(field) is not None]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Mỗi cột chỉ chọn cho một mục."))
        return data


class CreditAssignForm(BoundedNumbers, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã đăng ký ủng hộ"),
        max_length=20,
        help_text=gettext_lazy("Ví dụ UH-4K7M-2Q9P"),
    )
