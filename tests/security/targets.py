"""The portal objects the fuzzing suites attack: each in the state where its form is
accepted (so a spoiled field reaches the service and the database, not a refusal such as
"check it first"), and, for a URL that only takes a POST, the page that shows its form."""

from portal.models import AreaTarget, Team
from portal.services.devices import device_transition
from tests.factories.devices import BROKEN_PHONE, checked
from tests.factories.students import approve, ready_laptop

# URL that only takes a POST → (the page showing its form, that page's object).
HOSTS = {
    "membership_role": ("team_detail", lambda membership: membership.team),
    "membership_remove": ("team_detail", lambda membership: membership.team),
    "invitation_revoke": ("team_detail", lambda invitation: invitation.team),
    "person_deactivate": ("person_detail", lambda person: person),
    "person_reactivate": ("person_detail", lambda person: person),
    "device_transition": ("device_detail", lambda device: device),
    "device_photos": ("device_detail", lambda device: device),
    "sale_approve": ("fund_ledger", lambda sale: None),
    "student_decide": ("student_detail", lambda student: student),
    "student_consent": ("student_detail", lambda student: student),
}


def _needs_repair(coordinator, device):
    checked(coordinator, device, BROKEN_PHONE)


def to_liquidate(coordinator, device):
    _needs_repair(coordinator, device)
    for status in ("unrepairable", "to_liquidate"):
        device_transition(actor=coordinator, device=device, to=status)


def _approved_with_a_laptop_ready(coordinator, student):
    approve(coordinator, student)
    ready_laptop(coordinator, Team.objects.get(commune=student.school.commune, kind="youth_it"))


PREPARE = {
    "device_repair": _needs_repair,
    "device_sale": to_liquidate,
    "handover_create": _approved_with_a_laptop_ready,
    "area_target_edit": lambda coordinator, area: AreaTarget.objects.create(area=area),
}
