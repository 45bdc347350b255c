"""Handing a checked device (and a SIM) to an approved student, and the check-ins after.

The database holds the rule "a device is with one student at a time": a partial unique
constraint on the handovers not returned, so two volunteers handing over the same laptop at
once get one handover and one clear refusal.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly
from portal.storage import private_storage

from .devices import Device
from .students import Student
from .teams import Team


def _acknowledgement_path(instance: "Handover", filename: str) -> str:
    # The stored name says nothing about the child.
    return f"handovers/{uuid.uuid4().hex}"


# Section II.4 of the 2021 plan: "at least 02 devices a month" — each team's target, and the
# district's.
MONTHLY_TARGET = 2


class Handover(OnceOnly):
    student = models.ForeignKey(
        Student, verbose_name=_("học sinh"), on_delete=models.PROTECT, related_name="handovers"
    )
    device = models.ForeignKey(
        Device, verbose_name=_("thiết bị"), on_delete=models.PROTECT, related_name="handovers"
    )
    sim = models.ForeignKey(
        Device,
        verbose_name=_("sim dữ liệu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sim_handovers",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("tổ trao tặng"), on_delete=models.PROTECT, related_name="handovers"
    )
    handed_on = models.DateField(_("ngày trao"))
    place = models.CharField(_("địa điểm"), max_length=200)
    guidance_given = models.BooleanField(_("đã hướng dẫn sử dụng"), default=False)
    follow_up_on = models.DateField(_("ngày hỏi thăm lần đầu"))
    acknowledgement = models.FileField(
        _("biên nhận của phụ huynh"),
        storage=private_storage,
        upload_to=_acknowledgement_path,
        blank=True,
    )
    acknowledgement_type = models.CharField(max_length=20, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    returned_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    return_reason = models.TextField(_("lý do thu hồi"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lần trao tặng")
        verbose_name_plural = _("lần trao tặng")
        ordering = ["-handed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(returned_on__isnull=True),
                name="device_handed_over_once",
                violation_error_message=_("Thiết bị này đã được trao cho một học sinh."),
            ),
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(returned_on__isnull=True),
                name="student_served_once",
                violation_error_message=_("Học sinh này đã nhận thiết bị."),
            ),
            models.UniqueConstraint(
                fields=["sim"],
                condition=Q(returned_on__isnull=True, sim__isnull=False),
                name="sim_handed_over_once",
                violation_error_message=_("Sim này đã được trao cho một học sinh."),
            ),
        ]
        indexes = [
            models.Index(fields=["team", "handed_on"]),
            models.Index(fields=["-handed_on", "-id"], name="handover_list_order"),
            models.Index(fields=["handed_on"]),  # the recount's: a month's handovers
        ]

    def __str__(self):
        return f"{self.device.asset_code} · {self.handed_on:%d/%m/%Y} · {self.team}"

    @property
    def is_active(self) -> bool:
        return self.returned_on is None


class FollowUp(models.Model):
    """A scheduled check-in with the student after a handover: in the team's queue until done."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("hạn hỏi thăm"), db_index=True)
    done_on = models.DateField(_("ngày hỏi thăm"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    device_in_use = models.BooleanField(_("em vẫn dùng thiết bị để học"), null=True)
    note = models.TextField(_("ghi chú"), blank=True)
    cancelled = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("lần hỏi thăm sau trao tặng")
        verbose_name_plural = _("lần hỏi thăm sau trao tặng")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "due_on"], name="follow_up_once_per_day"),
        ]

    def __str__(self):
        return f"{self.handover} · {self.due_on:%d/%m/%Y}"
