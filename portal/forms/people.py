from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.forms.base import offer_coordinated_areas, one_of_the_coordinators_areas
from portal.forms.numbers import BoundedNumbers
from portal.forms.phones import PhoneField
from portal.models import Cluster, Invitation, Membership, School, Team


class TeamForm(BoundedNumbers, forms.ModelForm):
    """Create or edit a team. The places offered are those the person coordinates; a
    leader editing their team sees its contact details only."""

    class Meta:
        model = Team
        field_classes = {"public_phone": PhoneField}
        fields = [
            "name",
            "kind",
            "commune",
            "school",
            "cluster",
            "public_phone",
            "meeting_place",
            "is_active",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        communes = access.communes_coordinated_by(user)
        self.fields["commune"].queryset = communes
        self.fields["school"].queryset = School.objects.filter(commune__in=communes, is_active=True)
        self.fields["cluster"].queryset = Cluster.objects.filter(
            district__in=access.areas_coordinated_by(user)
        )
        if not access.is_coordinator(user):
            # Leaders keep their team's name and contact up to date; where it works and
            # whether it is open are the coordinators' decisions.
            for name in ("kind", "commune", "school", "cluster", "is_active"):
                del self.fields[name]


class InvitationForm(BoundedNumbers, forms.Form):
    email = forms.EmailField(label=_("E-mail người được mời"))
    role = forms.ChoiceField(label=_("Vai trò"))

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Invitation.Role(role).label) for role in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]


class PersonInvitationForm(InvitationForm):
    """A coordinator's or an editor's invitation: for which of the inviter's areas."""

    area = one_of_the_coordinators_areas(_("Cho địa bàn"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_coordinated_areas(self, user)


class InvitationAnswerForm(BoundedNumbers, forms.Form):
    """The two buttons under an invitation offered to someone who has an account."""

    ACCEPT, DECLINE = "accept", "decline"
    answer = forms.ChoiceField(choices=[(ACCEPT, _("Nhận")), (DECLINE, _("Từ chối"))])


class ProfileForm(BoundedNumbers, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["last_name", "first_name", "phone"]
        field_classes = {"phone": PhoneField}


class ContactConsentForm(BoundedNumbers, forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    contact_is_public = forms.BooleanField(
        label=Membership._meta.get_field("contact_is_public").verbose_name, required=False
    )


class MembershipRoleForm(BoundedNumbers, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class SignupNamesForm(BoundedNumbers, forms.Form):
    """The name fields allauth's sign-up form gains (sign-up happens by invitation only)."""

    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150)
    first_name = forms.CharField(label=_("Tên"), max_length=150)

    def signup(self, request, user):
        user.last_name = self.cleaned_data["last_name"]
        user.first_name = self.cleaned_data["first_name"]
        user.save(update_fields=["last_name", "first_name"])
