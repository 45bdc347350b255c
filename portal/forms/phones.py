"""The form field of every phone number: typed any way, cleaned to E.164, shown back in the
national format (the rules are in portal/phones.py)."""

from django import forms

from portal.phones import phone_e164, phone_national


class PhoneField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return phone_e164(text) if text else text

    def prepare_value(self, value):
        return phone_national(value) if isinstance(value, str) else value
