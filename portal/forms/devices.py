"""Forms for the device pipeline. Each carries a one-time key rendered into the page, so a
double-tapped or re-sent form creates one record."""

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from portal import access, specs
from portal.forms.base import DATE_INPUT, OnceForm
from portal.forms.numbers import BoundedNumbers
from portal.forms.phones import PhoneField
from portal.hardware.snapshot import Snapshot
from portal.models import (
    Device,
    DeviceKind,
    HardwareSnapshot,
    RepairAction,
    Sale,
    User,
    WipeMethod,
)
from portal.models.wipes import METHODS_BY_KIND
from portal.uploads import validate_photo

PARTS_BY_KIND = {
    DeviceKind.PHONE: ["speaker", "microphone", "webcam", "headphones"],
    DeviceKind.TABLET: ["speaker", "microphone", "webcam", "headphones"],
    DeviceKind.LAPTOP: ["screen", "keyboard", "speaker", "headphones", "microphone", "webcam"],
    DeviceKind.DESKTOP: [
        "monitor",
        "mouse",
        "keyboard",
        "headphones",
        "microphone",
        "webcam",
        "wifi",
    ],
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [file for file in files if file]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


MAX_PHOTOS = 6


def checked_photos(uploads) -> list[tuple]:
    """(upload, content type) for each photo, or the Vietnamese reason it is refused."""
    if len(uploads) > MAX_PHOTOS:
        raise forms.ValidationError(_("Mỗi lần gửi tối đa %(count)s ảnh.") % {"count": MAX_PHOTOS})
    return [(upload, validate_photo(upload)) for upload in uploads]


class IntakeForm(OnceForm, forms.ModelForm):
    photos = MultipleFileField(
        label=_("Ảnh thiết bị"),
        required=False,
        help_text=_("Tối đa 6 ảnh mỗi lần, mỗi ảnh tới 8 MB (JPEG, PNG, WebP, HEIC)."),
    )
    purchase_vnd = forms.IntegerField(
        label=_("Mua bằng tiền quỹ (đồng)"),
        min_value=1,
        required=False,
        help_text=_("Chỉ điền khi thiết bị mới được mua từ quỹ của chương trình."),
    )

    class Meta:
        model = Device
        field_classes = {"donor_phone": PhoneField}
        fields = [
            "team",
            "commune",
            "kind",
            "brand",
            "model_name",
            "serial",
            "condition_notes",
            "has_charger",
            "has_headphones",
            "accessories_note",
            "donor_name",
            "donor_phone",
            "carrier",
            "data_gb_per_day",
            "valid_from",
            "valid_until",
            "sponsor",
        ]
        widgets = {
            "condition_notes": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "donor_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    SIM_FIELDS = ("carrier", "data_gb_per_day", "valid_from", "valid_until", "sponsor")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].required = False
        self.fields["commune"].queryset = access.intake_communes(user)
        self.fields["commune"].help_text = _("Để trống: xã, thị trấn của đội tiếp nhận.")
        teams = access.intake_teams(user)
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        if teams.count() == 1:
            self.fields["team"].initial = teams.get()
        for name in ("valid_from", "valid_until"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        if not access.funds_visible_to(user).exists():
            del self.fields["purchase_vnd"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == DeviceKind.SIM:
            for name in ("carrier", "data_gb_per_day", "valid_until"):
                if not data.get(name):
                    self.add_error(name, _("Với sim dữ liệu, hãy nhập mục này."))
            if (
                data.get("valid_from")
                and data.get("valid_until")
                and data["valid_until"] < data["valid_from"]
            ):
                self.add_error("valid_until", _("Ngày hết hạn phải sau ngày bắt đầu."))
        else:
            for name in self.SIM_FIELDS:
                data[name] = self.fields[name].to_python("") if name != "carrier" else ""
        return data

    def device_fields(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("team", "form_key", "purchase_vnd", "photos")
        }

    def clean_photos(self):
        return checked_photos(self.cleaned_data.get("photos") or [])


MEASURED = _("Đo tự động.")
MEASURED_APPROXIMATELY = _("Đo tự động, ước tính: hãy xem lại.")
MEASURED_PARTS = _("Đo tự động: %(parts)s. Các bộ phận khác: hãy tự thử rồi đánh dấu.")


def os_choice(name: str | None) -> str:
    """The form's choice for an operating system a capture names ("Windows 10 Pro")."""
    text = (name or "").lower()
    for choice, words in (
        ("android", ("android",)),
        ("ios", ("ios", "ipados", "iphone")),
        ("windows", ("windows",)),
        ("linux", ("linux", "ubuntu", "debian", "mint", "fedora")),
    ):
        if any(word in text for word in words):
            return choice
    return "other"


class SpecCheckForm(OnceForm):
    """What a volunteer measures; which fields appear depends on the kind of device."""

    os_name = forms.ChoiceField(
        label=_("Hệ điều hành"),
        choices=[
            ("android", "Android"),
            ("ios", "iOS"),
            ("windows", "Windows"),
            ("linux", "Linux"),
            ("other", _("Khác")),
        ],
    )
    os_version = forms.CharField(
        label=_("Phiên bản hệ điều hành"),
        max_length=30,
        required=False,
        help_text=_("Ví dụ: 4.4.2, 9.3.5, 10"),
    )
    cpu_model = forms.CharField(
        label=_("CPU"), max_length=80, required=False, help_text=_("Ví dụ: Intel Celeron N4000")
    )
    cpu_ghz = forms.DecimalField(
        label=_("Xung nhịp CPU (GHz)"), max_digits=4, decimal_places=2, min_value=0, required=False
    )
    ram_gb = forms.DecimalField(
        label=_("RAM (GB)"), max_digits=5, decimal_places=1, min_value=0, required=False
    )
    free_storage_gb = forms.DecimalField(
        label=_("Bộ nhớ trống (GB)"), max_digits=6, decimal_places=1, min_value=0, required=False
    )
    disk_gb = forms.IntegerField(label=_("Ổ cứng (GB)"), min_value=0, required=False)
    working_parts = forms.MultipleChoiceField(
        label=_("Bộ phận hoạt động tốt"), widget=forms.CheckboxSelectMultiple, required=False
    )
    has_charger = forms.BooleanField(label=_("Có bộ sạc dùng được"), required=False)
    battery_good = forms.BooleanField(label=_("Pin còn tốt"), required=False)
    uses_wireless = forms.BooleanField(label=_("Sẽ dùng mạng không dây (Wi-Fi)"), required=False)
    data_gb_per_day = forms.DecimalField(
        label=_("Dung lượng (GB/ngày)"), max_digits=6, decimal_places=2, min_value=0, required=False
    )
    valid_until = forms.DateField(
        label=_("Hiệu lực đến"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    FIELDS_BY_KIND = {
        DeviceKind.PHONE: [
            "os_name",
            "os_version",
            "ram_gb",
            "free_storage_gb",
            "working_parts",
            "has_charger",
        ],
        DeviceKind.LAPTOP: [
            "os_name",
            "os_version",
            "cpu_model",
            "cpu_ghz",
            "ram_gb",
            "disk_gb",
            "working_parts",
            "has_charger",
            "battery_good",
        ],
        DeviceKind.DESKTOP: [
            "os_name",
            "os_version",
            "cpu_model",
            "cpu_ghz",
            "ram_gb",
            "disk_gb",
            "working_parts",
            "uses_wireless",
        ],
        DeviceKind.SIM: ["data_gb_per_day", "valid_until"],
    }
    FIELDS_BY_KIND[DeviceKind.TABLET] = FIELDS_BY_KIND[DeviceKind.PHONE]
    # Most donated computers run Windows, most phones and tablets Android.
    USUAL_OS = {
        DeviceKind.PHONE: "android",
        DeviceKind.TABLET: "android",
        DeviceKind.LAPTOP: "windows",
        DeviceKind.DESKTOP: "windows",
    }

    snapshot = forms.ModelChoiceField(
        queryset=HardwareSnapshot.objects.none(), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, device: Device, snapshot: HardwareSnapshot | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        latest = device.latest_check.measurements if device.latest_check else {}
        initial.update({key: value for key, value in latest.items() if key in self.base_fields})
        measured, approximate, reported = self._measured(snapshot, initial)
        if device.is_sim:
            initial.setdefault("data_gb_per_day", device.data_gb_per_day)
            initial.setdefault("valid_until", device.valid_until)
        else:
            initial.setdefault("has_charger", device.has_charger)
            initial.setdefault("os_name", self.USUAL_OS.get(device.kind))
        super().__init__(*args, **kwargs)
        keep = {"form_key", "snapshot", *self.FIELDS_BY_KIND[device.kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "working_parts" in self.fields:
            self.fields["working_parts"].choices = [
                (part, specs.PART_LABELS[part]) for part in PARTS_BY_KIND[device.kind]
            ]
            offered = {part for part, _label in self.fields["working_parts"].choices}
            self.initial["working_parts"] = [
                part for part in self.initial.get("working_parts") or () if part in offered
            ]
        # By id: a form for a device not yet saved (a sample judged alone) offers none.
        self.fields["snapshot"].queryset = HardwareSnapshot.objects.filter(device_id=device.pk)
        self.measured = frozenset(measured & set(self.fields))
        for name in self.measured - {"working_parts"}:
            field = self.fields[name]
            mark = MEASURED_APPROXIMATELY if name in approximate else MEASURED
            field.help_text = f"{mark} {field.help_text}".strip()
        # What no capture can judge (the screen, the keyboard, the charger): the volunteer's.
        self.to_confirm = [
            field.label
            for name, field in self.fields.items()
            if name not in self.measured and not field.widget.is_hidden
        ]
        if "working_parts" in self.measured:
            parts = self.fields["working_parts"]
            tried = [str(label) for part, label in parts.choices if part in reported]
            parts.help_text = MEASURED_PARTS % {"parts": ", ".join(tried)}
            # The parts the capture could not read: the screen and keyboard always, and a
            # camera or sound card it found nothing about.
            unseen = [str(label) for part, label in parts.choices if part not in reported]
            if unseen:
                self.to_confirm.append(f"{parts.label}: {', '.join(unseen)}")

    def _measured(
        self, stored: HardwareSnapshot | None, initial: dict
    ) -> tuple[set, frozenset, frozenset]:
        """Fill the form from the snapshot; the names it filled, those only approximate, and
        the parts it reported (found or not)."""
        if stored is None:
            return set(), frozenset(), frozenset()
        snapshot = Snapshot(stored.data)
        measurements, filled = snapshot.measurements()
        reported = snapshot.parts_reported
        for name in filled:
            value = getattr(measurements, name)
            if name == "working_parts":
                # What the capture reported, and the last check's word on the rest.
                earlier = set(initial.get("working_parts") or ()) - reported
                value = sorted(earlier | value)
            elif name == "os_name":
                value = os_choice(value)
            elif isinstance(value, str):
                # A long name read right ("… Windows 10 Pro N for Workstations") must not
                # stop the check: the form keeps as much as it holds.
                value = value[: self.base_fields[name].max_length]
            initial[name] = value
        initial["snapshot"] = stored.pk
        return set(filled), snapshot.approximate, reported

    def measurements(self) -> specs.Measurements:
        data = {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("form_key", "snapshot")
        }
        if "working_parts" in data:
            data["working_parts"] = frozenset(data["working_parts"])
        return specs.Measurements(**data)


class RepairForm(OnceForm):
    actions = forms.MultipleChoiceField(
        label=_("Đã làm"), choices=RepairAction.choices, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    parts_used = forms.CharField(
        label=_("Linh kiện đã dùng"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: RAM DDR3 4 GB, SSD 240 GB"),
    )
    parts_cost_vnd = forms.IntegerField(label=_("Chi phí linh kiện (đồng)"), min_value=0, initial=0)

    def repair_fields(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if key != "form_key"}


class SaleForm(BoundedNumbers, forms.ModelForm):
    class Meta:
        model = Sale
        fields = ["buyer_name", "buyer_phone", "price_vnd", "sold_on"]
        field_classes = {"buyer_phone": PhoneField}
        widgets = {"sold_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sold_on"].initial = timezone.localdate()
        self.fields["sold_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class PhotoForm(BoundedNumbers, forms.Form):
    """Photos of a device, several at once; on a phone the picker offers the camera."""

    photos = MultipleFileField(
        label=_("Ảnh thiết bị"),
        help_text=_("Tối đa 6 ảnh mỗi lần, mỗi ảnh tới 8 MB (JPEG, PNG, WebP, HEIC)."),
    )

    def clean_photos(self):
        return checked_photos(self.cleaned_data["photos"])


# The snapshot format's wipe methods, as the wipe record names them.
SNAPSHOT_WIPE_METHODS = {
    "clear": WipeMethod.NIST_CLEAR,
    "purge": WipeMethod.NIST_PURGE,
    "reset_encrypted": WipeMethod.FACTORY_RESET,
    "destroyed": WipeMethod.DESTROYED,
}
# On a laptop or desktop, `reset_encrypted` is Windows' "Remove everything" reset of a
# BitLocker-encrypted disk: it discards the volume's key, which NIST SP 800-88 Rev. 1 counts
# as cryptographic erase, a Purge technique (§2.5, §2.6), when the key was properly managed
# and the data was written after the encryption was on. The record's "factory reset" is the
# phone and tablet method, refused on a computer, so the form would open with no method
# chosen; the two people who sign still judge the machine.
COMPUTER_WIPE_METHODS = {**SNAPSHOT_WIPE_METHODS, "reset_encrypted": WipeMethod.NIST_PURGE}
WIPE_METHODS_BY_KIND = {
    DeviceKind.LAPTOP: COMPUTER_WIPE_METHODS,
    DeviceKind.DESKTOP: COMPUTER_WIPE_METHODS,
}
BITLOCKER_RESET_TOOL = _("Windows: Đặt lại máy, xoá mọi thứ (BitLocker)")


def wipe_from_snapshot(stored: HardwareSnapshot, kind: str) -> dict:
    """The wipe form's values from the wipe a capture ran and confirmed on the machine, with
    the method as the record names it for this kind of device."""
    wipe = stored.wipe or {}
    method = wipe.get("method", "")
    tool = wipe.get("tool") or (BITLOCKER_RESET_TOOL if method == "reset_encrypted" else "")
    try:
        finished = parse_datetime(wipe.get("finished_at") or "")
    except ValueError:
        finished = None
    if finished is not None and timezone.is_naive(finished):
        finished = timezone.make_aware(finished)
    return {
        "method": WIPE_METHODS_BY_KIND.get(kind, SNAPSHOT_WIPE_METHODS).get(method),
        "tool": str(tool)[:120],
        "wiped_on": timezone.localtime(finished).date() if finished else None,
        "evidence": stored.pk,
    }


class WipeForm(OnceForm):
    """How a device's data was wiped, and the second person who checked it. The methods
    offered are those that fit the device's kind; the service judges them again."""

    method = forms.ChoiceField(label=_("Phương pháp"), widget=forms.RadioSelect)
    tool = forms.CharField(
        label=_("Công cụ"),
        max_length=120,
        help_text=_("Ví dụ: nwipe 0.34; Cài đặt gốc Android 12 (đã mã hoá)."),
    )
    wiped_on = forms.DateField(label=_("Ngày xoá"), widget=DATE_INPUT)
    verified_by = forms.ModelChoiceField(
        label=_("Người kiểm tra lại"),
        queryset=User.objects.none(),
        help_text=_("Một người khác trong đội xem lại máy sau khi xoá."),
    )
    notes = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    evidence = forms.ModelChoiceField(
        queryset=HardwareSnapshot.objects.none(), widget=forms.HiddenInput, required=False
    )

    def __init__(
        self, *args, device: Device, user, evidence: HardwareSnapshot | None = None, **kwargs
    ):
        if evidence is not None:
            kwargs.setdefault("initial", {}).update(wipe_from_snapshot(evidence, device.kind))
        super().__init__(*args, **kwargs)
        self.evidence = evidence
        allowed = METHODS_BY_KIND.get(device.kind, frozenset())
        self.fields["method"].choices = [
            (value, label) for value, label in WipeMethod.choices if value in allowed
        ]
        self.fields["evidence"].queryset = HardwareSnapshot.objects.filter(
            device_id=device.pk, wipe__isnull=False
        )
        self.fields["wiped_on"].initial = self.initial.get("wiped_on") or timezone.localdate()
        self.fields["wiped_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        # Never oneself: the second look is the point (the service refuses it too).
        self.fields["verified_by"].queryset = access.wipe_verifiers(device).exclude(pk=user.pk)

    def clean_wiped_on(self):
        wiped_on = self.cleaned_data["wiped_on"]
        if wiped_on > timezone.localdate():
            raise forms.ValidationError(_("Ngày xoá không được ở tương lai."))
        return wiped_on

    def wipe_fields(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if key != "form_key"}
