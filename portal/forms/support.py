"""The team's side of a support request: assign, first contact, notes, solved, reopen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.numbers import BoundedNumbers


class AssignForm(BoundedNumbers, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class TextForm(BoundedNumbers, forms.Form):
    """One text: what was said at the first contact, a note, the fix, why it is reopened."""

    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
