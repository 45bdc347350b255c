"""A student's eligibility: proposed by a school, verified, approved, served.

The program decides the first moves (`student_verify`, `student_approve`, `student_reject`,
`student_reopen`); a handover serves an approved student and a return makes them approved
again, so they may receive another device.
"""

from django.utils.translation import gettext_lazy

from portal.models import StudentAccess
from portal.models.students import StudentStatus as S
from portal.workflows.base import Step, Workflow, step

TABLE: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.VERIFIED, S.NOT_ELIGIBLE}),
    S.VERIFIED: frozenset({S.APPROVED, S.NOT_ELIGIBLE}),
    S.APPROVED: frozenset({S.SERVED, S.NOT_ELIGIBLE}),
    S.SERVED: frozenset({S.APPROVED}),
    S.NOT_ELIGIBLE: frozenset({S.PROPOSED}),
}


def _log(student, _previous: str, _step: Step, actor, _note: str, _when) -> None:
    """A student's log is who read or changed the record (the note is kept on the row)."""
    StudentAccess.objects.create(student=student, actor=actor, action=StudentAccess.Action.CHANGED)


STEPS = {
    "student_verify": step([(S.PROPOSED, S.VERIFIED)]),
    "student_approve": step([(S.VERIFIED, S.APPROVED)]),
    "student_reject": step(
        (start, S.NOT_ELIGIBLE) for start in (S.PROPOSED, S.VERIFIED, S.APPROVED)
    ),
    "student_reopen": step([(S.NOT_ELIGIBLE, S.PROPOSED)]),
    "handover_record": step(
        [(S.APPROVED, S.SERVED)],
        refusal=gettext_lazy("Học sinh đang “%(status)s”: chỉ trao cho học sinh đã được duyệt."),
    ),
    "handover_return": step([(S.SERVED, S.APPROVED)]),
}
STUDENT = Workflow(
    "student",
    TABLE,
    STEPS,
    gettext_lazy("Học sinh đang ở trạng thái “%(status)s”: không thể làm việc này."),
    _log,
)
