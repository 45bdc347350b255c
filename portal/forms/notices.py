from django import forms
from django.utils.translation import gettext as _

from portal.forms.numbers import BoundedNumbers
from portal.models import User
from portal.models.notifications import Channel
from portal.notices import Notice


class NoticePreferencesForm(BoundedNumbers, forms.Form):
    """One box per kind of notice and channel; urgent kinds have none (they always come)."""

    notices = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)

    def __init__(self, *args, user: User, choices: list[tuple[Notice, dict[str, bool]]], **kw):
        super().__init__(*args, prefix="notices", **kw)
        self.user = user
        self.rows = []
        for notice, channels in choices:
            names = {}
            if not notice.urgent:
                for channel in Channel.values:
                    name = f"{notice.key}-{channel}"
                    self.fields[name] = forms.BooleanField(
                        label=Channel(channel).label, required=False, initial=channels[channel]
                    )
                    names[channel] = name
            self.rows.append((notice, [self[name] for name in names.values()], names))

    def clean(self):
        data = super().clean()
        for notice, _boxes, names in self.rows:
            if not names:
                continue
            picked = [channel for channel, name in names.items() if data.get(name)]
            if not picked:
                self.add_error(
                    None,
                    _("“%(kind)s”: hãy chọn ít nhất một cách nhận.") % {"kind": notice.label},
                )
            if Channel.SMS in picked and not self.user.phone:
                self.add_error(
                    None,
                    _(
                        "“%(kind)s”: muốn nhận SMS, hãy ghi số điện thoại của bạn ở phần "
                        "thông tin phía trên trước."
                    )
                    % {"kind": notice.label},
                )
        return data

    def choices(self) -> dict[str, dict[str, bool]]:
        return {
            notice.key: {channel: self.cleaned_data[name] for channel, name in names.items()}
            for notice, _boxes, names in self.rows
            if names
        }
