"""Forms for handing a device over, taking it back and the check-ins after."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.forms.base import DATE_INPUT, OnceForm, yes_no
from portal.forms.numbers import BoundedNumbers
from portal.models import DeviceKind, Handover, Student
from portal.uploads import validate_photo


class HandoverForm(OnceForm, forms.ModelForm):
    acknowledgement_file = forms.FileField(
        label=_("Biên nhận của phụ huynh"),
        required=False,
        help_text=_("Ảnh chữ ký hoặc ảnh biên nhận đã ký (JPEG, PNG, WebP, HEIC; tới 8 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    class Meta:
        model = Handover
        fields = ["device", "sim", "team", "handed_on", "place", "guidance_given", "follow_up_on"]
        widgets = {"handed_on": DATE_INPUT, "follow_up_on": DATE_INPUT}
        help_texts = {
            "follow_up_on": _("Lần hỏi thăm thứ hai tự đặt sau 3 tháng."),
            "device": _("Chỉ hiện thiết bị đã đạt kiểm tra cấu hình, của các đội bạn."),
        }

    def __init__(self, *args, user, student: Student, devices, sims, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: what is ready to hand over. Accepted: any device or SIM of theirs, so
        # that one handed over by someone else since this form was opened reaches the
        # service, which refuses it with the reason, not as "not one of the choices".
        visible = access.devices_visible_to(user)
        for name, offered, accepted in (
            ("device", devices, visible.exclude(kind=DeviceKind.SIM)),
            ("sim", sims, visible.filter(kind=DeviceKind.SIM)),
        ):
            field = self.fields[name]
            field.queryset = accepted
            field.widget.choices = forms.ModelChoiceField(
                offered, empty_label=field.empty_label
            ).choices
        self.fields["team"].queryset = access.handover_teams(user, student)
        today = timezone.localdate()
        self.fields["handed_on"].initial = today
        self.fields["follow_up_on"].initial = today + timedelta(days=30)
        if len(self.fields["team"].queryset) == 1:
            self.fields["team"].initial = self.fields["team"].queryset[0].pk

    def clean_acknowledgement_file(self):
        upload = self.cleaned_data.get("acknowledgement_file")
        return (upload, validate_photo(upload)) if upload else None

    def _post_clean(self):
        pass  # the service checks the rest, under lock


class ReturnForm(BoundedNumbers, forms.Form):
    returned_on = forms.DateField(
        label=_("Ngày thu hồi"), widget=DATE_INPUT, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(BoundedNumbers, forms.Form):
    done_on = forms.DateField(
        label=_("Ngày hỏi thăm"), widget=DATE_INPUT, initial=timezone.localdate
    )
    device_in_use = yes_no(_("Em còn dùng thiết bị để học không?"), _("Có"), _("Không"))
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Khó khăn em gặp, việc cần hỗ trợ thêm."),
    )
