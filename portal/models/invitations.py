import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .places import Area
from .teams import Team

INVITATION_LIFETIME = timedelta(days=14)
OPEN = {"accepted_at__isnull": True, "declined_at__isnull": True, "revoked_at__isnull": True}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.open().filter(expires_at__gt=timezone.now())

    def open(self):
        """Not yet answered (accepted or declined) nor revoked, expired or not."""
        return self.filter(**OPEN)

    def by_token(self, token: str):
        return self.pending().filter(token_hash=hash_token(token)).first()


class Invitation(models.Model):
    """An e-mailed invitation to take a role in the portal. Someone without an account
    creates one through its link; someone who has one is offered the role and accepts or
    declines it in the portal. Only a hash of its token is stored; the token itself exists
    only in the e-mail."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Tổ trưởng")
        MEMBER = "member", _("Thành viên tổ")
        COORDINATOR = "coordinator", _("Điều phối viên")
        EDITOR = "editor", _("Biên tập viên trang công khai")

    TEAM_ROLES = (Role.LEADER, Role.MEMBER)

    email = models.EmailField(_("e-mail người được mời"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("tổ / đội"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn điều phối"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("lời mời")
        verbose_name_plural = _("lời mời")
        ordering = ["-created_at"]
        constraints = [
            # A double-clicked "invite" sends one invitation, not two.
            models.UniqueConstraint(
                fields=["email", "team"],
                condition=Q(**OPEN, team__isnull=False),
                name="invitation_one_open_per_team",
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()}"

    def new_token(self) -> str:
        """Give the invitation a fresh token (new or re-sent) and return it, unsaved."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + INVITATION_LIFETIME
        return token

    @property
    def is_pending(self) -> bool:
        return self.is_open and self.expires_at > timezone.now()

    @property
    def is_open(self) -> bool:
        return not (self.accepted_at or self.declined_at or self.revoked_at)
