"""The public forms: a donor's offer (with its items) and a support request, also what a team
member fills in on someone's behalf, plus the tracking look-up. Each works without
JavaScript, carries a one-time key (a double-tap saves once) and a honeypot field that
people never see and spam robots fill in."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import sms_gateway
from portal.forms.base import OnceForm
from portal.forms.numbers import MAX_VND, BoundedNumbers, too_large
from portal.forms.phones import PhoneField
from portal.models import DeviceKind, Offer, OfferItem, SupportRequest
from portal.phones import is_mobile
from portal.selectors import public

MAX_ITEMS = 20
MAX_QUANTITY = 50


class MoneyField(forms.CharField):
    """An amount in đồng, typed as people write it: "500.000", "500 000 đ", "1,000,000"."""

    def to_python(self, value):
        text = re.sub(r"(?i)[\s.,]|đ|vnd|dong|đồng", "", super().to_python(value))
        if not text:
            return None
        # ASCII digits only: "²".isdigit() is true, and int("²") fails.
        if not re.fullmatch(r"[0-9]+", text):
            raise forms.ValidationError(_("Số tiền chỉ gồm chữ số, ví dụ 500.000."))
        if int(text) > MAX_VND:
            raise forms.ValidationError(too_large(MAX_VND, money=True))
        return int(text)


class PublicForm(OnceForm):
    # The honeypot: hidden from people (and from screen readers), filled in by robots.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Ô này phải để trống."))
        return ""


class SmsConsent:
    """The "text me" box, offered only when a gateway is configured (settings.SMS_GATEWAY):
    a box that sends nothing would be a promise broken. Text messages need a mobile number,
    and say only the code and where things stand (portal/channels/sms.py)."""

    fields: dict
    cleaned_data: dict

    def offer_sms(self, label, help_text) -> None:
        # Without a gateway the box is not there: the fields handed to the service leave the
        # consent out, and the model's default (no) is saved.
        if not sms_gateway.enabled():
            del self.fields["sms_consent"]
            return
        self.fields["sms_consent"].label = label
        self.fields["sms_consent"].help_text = help_text

    def check_sms(self) -> None:
        phone = self.cleaned_data.get("phone")
        if self.cleaned_data.get("sms_consent") and phone and not is_mobile(phone):
            self.add_error(  # type: ignore[attr-defined]  # a Form's
                "sms_consent",
                _(
                    "Tin nhắn SMS chỉ gửi được đến số di động. Hãy ghi số di động "
                    "(ví dụ 0912 345 678) hoặc bỏ chọn ô này."
                ),
            )


class OfferForm(SmsConsent, PublicForm, forms.ModelForm):
    money_pledge_vnd = MoneyField(
        label=_("Ủng hộ tiền (đồng)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Nếu có. Tổ sẽ liên hệ để hướng dẫn chuyển vào quỹ của chương trình."),
    )

    class Meta:
        model = Offer
        field_classes = {"phone": PhoneField}
        # The order of the page (campaign/offer_page.html), which the error summary follows;
        # the item rows come in before the money pledge (formsets_before).
        fields = [
            "donor_kind",
            "donor_name",
            "phone",
            "email",
            "sms_consent",
            "commune",
            "address",
            "money_pledge_vnd",
            "handoff",
            "dropoff_team",
            "preferred_time",
            "naming",
            "public_name",
            "note",
        ]
        widgets = {
            "donor_kind": forms.RadioSelect,
            "handoff": forms.RadioSelect,
            "naming": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "donor_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("Nếu có: chúng tôi gửi mã đăng ký và đường dẫn theo dõi."),
            "commune": _("Để tổ gần bạn nhất liên hệ. Ở ngoài huyện, hãy để trống."),
            "preferred_time": _("Ví dụ: chiều thứ Bảy, sau 17 giờ các ngày thường."),
            "public_name": _("Ví dụ: “Gia đình anh Minh (Trâu Quỳ)”."),
        }

    formsets_before = {"money_pledge_vnd": "items"}

    def __init__(self, *args, items: "BaseItemFormSet | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["commune"].queryset = public.public_communes()
        self.fields["commune"].empty_label = _("— Ngoài huyện / chưa rõ —")
        self.fields["dropoff_team"].queryset = public.dropoff_points()
        self.fields["dropoff_team"].label_from_instance = lambda team: (
            f"{team.meeting_place} ({team.name})"
        )
        self.fields["dropoff_team"].empty_label = _("— Chọn điểm tiếp nhận —")
        self.offer_sms(
            _("Nhắn tin SMS cho tôi về đợt ủng hộ này"),
            _(
                "Tin nhắn chỉ có mã đăng ký và tình trạng nhận đồ, không kèm thông tin cá nhân. "
                "Cần số di động."
            ),
        )

    def brings_items(self) -> bool:
        """Whether any item row is filled in: the pickup fields only apply then (home pickup
        is the default, and a money-only pledge has nothing to collect)."""
        return self.items is None or any(form.has_changed() for form in self.items.forms)

    def clean(self):
        data = super().clean()
        self.check_sms()
        collect = self.brings_items()
        if (
            collect
            and data.get("handoff") == Offer.Handoff.DROPOFF
            and not data.get("dropoff_team")
        ):
            self.add_error("dropoff_team", _("Hãy chọn điểm bạn sẽ mang đồ đến."))
        if collect and data.get("handoff") == Offer.Handoff.PICKUP and not data.get("address"):
            self.add_error("address", _("Hãy ghi địa chỉ để tổ đến nhận."))
        if data.get("handoff") == Offer.Handoff.PICKUP:
            data["dropoff_team"] = None
        if data.get("naming") == Offer.Naming.OTHER and not data.get("public_name", "").strip():
            self.add_error("public_name", _("Hãy ghi tên bạn muốn được nêu."))
        return data

    def offer_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class OfferItemForm(BoundedNumbers, forms.ModelForm):
    class Meta:
        model = OfferItem
        fields = [
            "kind",
            "brand_model",
            "quantity",
            "age_years",
            "condition",
            "has_charger",
            "ram_gb",
            "os_version",
            "calls_work",
        ]
        widgets = {
            "quantity": forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY}),
            "age_years": forms.NumberInput(attrs={"min": 0, "max": 30}),
            "ram_gb": forms.NumberInput(attrs={"step": "0.5", "min": 0, "inputmode": "decimal"}),
        }
        help_texts = {
            "brand_model": _("Ví dụ: Samsung Galaxy A10, Dell Latitude E5470."),
            "ram_gb": _("Nếu biết (trong Cài đặt › Thông tin máy)."),
            "os_version": _("Điện thoại, máy tính bảng: ví dụ Android 9 hoặc iOS 12."),
            "calls_work": _("Để học trực tuyến, máy cần nghe, nói và có hình."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— Chọn loại —")), *DeviceKind.choices]
        self.fields["calls_work"].choices = [("", "—"), *OfferItem.Known.choices]
        self.fields["quantity"].initial = 1

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if not 1 <= quantity <= MAX_QUANTITY:
            raise forms.ValidationError(
                _("Số lượng từ 1 đến %(max)s; nhiều hơn, xin gọi cho chương trình.")
                % {"max": MAX_QUANTITY}
            )
        return quantity

    def clean_age_years(self):
        age = self.cleaned_data["age_years"]
        if age is not None and age > 30:
            raise forms.ValidationError(_("Số năm đã dùng không quá 30."))
        return age


class BaseItemFormSet(forms.BaseModelFormSet):
    row_label = _("Món %(number)s")  # as the offer page names each row (error summary)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", OfferItem.objects.none())
        kwargs.setdefault("prefix", "items")
        super().__init__(*args, **kwargs)

    def items(self) -> list[dict]:
        """The rows filled in (a row left untouched is not an item)."""
        return [
            {name: form.cleaned_data[name] for name in OfferItemForm.Meta.fields}
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


OfferItemFormSet = forms.modelformset_factory(
    OfferItem,
    form=OfferItemForm,
    formset=BaseItemFormSet,
    extra=2,
    max_num=MAX_ITEMS,
    validate_max=True,
)


def offer_forms(data=None) -> tuple[OfferForm, BaseItemFormSet, bool]:
    """The offer form and its item rows; and whether to save them. "Thêm món" (add an item,
    without JavaScript) posts the form to get it back unsaved, as typed, one row longer."""
    if data is None or "add_item" not in data:
        items = OfferItemFormSet(data)
        return OfferForm(data, items=items), items, data is not None
    try:
        total = min(int(data.get("items-TOTAL_FORMS") or 0), MAX_ITEMS)
    except ValueError:
        total = 0
    rows = [
        {
            name: data[f"items-{row}-{name}"]
            for name in OfferItemForm.Meta.fields
            if data.get(f"items-{row}-{name}")
        }
        for row in range(total)
    ]
    items = OfferItemFormSet(initial=rows)
    items.extra = min(total + 1, MAX_ITEMS)
    return OfferForm(initial=data.dict()), items, False


class SupportRequestForm(SmsConsent, PublicForm, forms.ModelForm):
    class Meta:
        model = SupportRequest
        field_classes = {"phone": PhoneField}
        fields = [
            "requester",
            "name",
            "phone",
            "email",
            "sms_consent",
            "channel",
            "commune",
            "school",
            "asset_code",
            "category",
            "description",
        ]
        widgets = {
            "requester": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "asset_code": forms.TextInput(attrs={"autocapitalize": "characters"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "email": _("Nếu có: chúng tôi gửi mã yêu cầu và đường dẫn theo dõi."),
            "school": _("Nếu máy do trường quản lý hoặc em cần thầy cô hỗ trợ."),
            "asset_code": _("In trên nhãn dán ở máy, ví dụ LT00012. Không có thì để trống."),
            "description": _("Máy bị thế nào, từ khi nào, đã thử những gì."),
        }

    def __init__(self, *args, communes=None, on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf:  # a team member writes down a request heard by phone
            self.offer_sms(
                _("Người gửi đồng ý nhận tin nhắn SMS về yêu cầu này"),
                _("Chỉ khi người gửi đã đồng ý. Tin nhắn chỉ có mã yêu cầu và tình trạng xử lý."),
            )
        else:
            self.offer_sms(
                _("Nhắn tin SMS cho tôi về yêu cầu này"),
                _(
                    "Tin nhắn chỉ có mã yêu cầu và tình trạng xử lý, không kèm thông tin cá "
                    "nhân. Cần số di động."
                ),
            )
        self.fields["commune"].queryset = (
            communes if communes is not None else public.public_communes()
        )
        self.fields["commune"].empty_label = _("— Chọn xã, thị trấn —")
        self.fields["school"].queryset = public.public_schools()
        self.fields["school"].empty_label = _("— Không —")
        self.fields["category"].choices = [
            ("", _("— Chọn sự cố —")),
            *SupportRequest.Category.choices,
        ]

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Hãy mô tả sự cố rõ hơn một chút (ít nhất 10 ký tự)."))
        return text

    def clean(self):
        data = super().clean()
        self.check_sms()
        return data

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class TrackForm(BoundedNumbers, forms.Form):
    reference = forms.CharField(label=_("Mã"), max_length=20)
    phone = forms.CharField(
        label=_("Số điện thoại đã ghi"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
