from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change to people, teams or roles, or one list exported: who did what, to whom,
    when. Append-only: written by services, never edited."""

    class Action(models.TextChoices):
        TEAM_CREATED = "team_created", _("Lập tổ / đội")
        TEAM_UPDATED = "team_updated", _("Sửa thông tin tổ / đội")
        MEMBER_ADDED = "member_added", _("Thêm thành viên")
        MEMBER_ROLE_CHANGED = "member_role_changed", _("Đổi vai trò thành viên")
        MEMBER_REMOVED = "member_removed", _("Rời tổ / đội")
        CONTACT_CONSENT_CHANGED = "contact_consent_changed", _("Đổi đồng ý công khai liên hệ")
        INVITATION_SENT = "invitation_sent", _("Gửi lời mời")
        INVITATION_REVOKED = "invitation_revoked", _("Thu hồi lời mời")
        INVITATION_ACCEPTED = "invitation_accepted", _("Nhận lời mời")
        INVITATION_DECLINED = "invitation_declined", _("Từ chối lời mời")
        COORDINATOR_APPOINTED = "coordinator_appointed", _("Giao quyền điều phối")
        EDITOR_APPOINTED = "editor_appointed", _("Giao quyền biên tập")
        PROFILE_UPDATED = "profile_updated", _("Sửa thông tin cá nhân")
        PERSON_DEACTIVATED = "person_deactivated", _("Khóa tài khoản")
        PERSON_REACTIVATED = "person_reactivated", _("Mở lại tài khoản")
        LIST_EXPORTED = "list_exported", _("Xuất danh sách")
        STANDARD_RAISED = "standard_raised", _("Nâng tiêu chuẩn của địa bàn")
        TARGET_SET = "target_set", _("Đặt chỉ tiêu của địa bàn")

    action = models.CharField(_("việc"), max_length=40, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người liên quan"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_events",
    )
    team = models.ForeignKey(
        "portal.Team",
        verbose_name=_("tổ / đội"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_events",
    )
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
