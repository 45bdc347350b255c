"""The saved hardware report a volunteer uploads by hand (the script's file, an eReuse
Workbench snapshot) when the script could not send it itself."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.forms.numbers import BoundedNumbers


class SnapshotUploadForm(BoundedNumbers, forms.Form):
    file = forms.FileField(
        label=_("Tệp báo cáo phần cứng (.json)"),
        help_text=_(
            "Tệp do script kiểm tra lưu lại (maytinhcu-….json), hoặc tệp snapshot của eReuse Workbench."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
        error_messages={"empty": _("Tệp trống: hãy chọn tệp .json do script kiểm tra lưu lại.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.HARDWARE_SNAPSHOT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn; tệp báo cáo phần cứng không quá %(limit)s.")
                % {"limit": filesizeformat(limit)}
            )
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(settings.HARDWARE_SNAPSHOT_MAX_BYTES + 1)
