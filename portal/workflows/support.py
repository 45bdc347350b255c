"""A support request: new, assigned, answered (the 24-hour promise kept or not), resolved,
and reopened when the problem comes back."""

from django.utils.translation import gettext_lazy

from portal.models import SupportNote
from portal.models.support import SupportStatus as S
from portal.workflows.base import Step, Workflow, step

Note = SupportNote.Kind
TABLE: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ASSIGNED, S.ANSWERED, S.RESOLVED}),
    S.ASSIGNED: frozenset({S.ANSWERED, S.RESOLVED}),
    S.ANSWERED: frozenset({S.RESOLVED}),
    S.RESOLVED: frozenset({S.ANSWERED}),
}


def _log(request, _previous: str, step: Step, actor, note: str, when) -> None:
    SupportNote.objects.create(
        request=request, kind=step.kind, author=actor, text=note, created_at=when
    )


STEPS = {
    # Assigning a request already answered (or resolved) changes who, not where it is.
    "support_assign": step([(S.NEW, S.ASSIGNED)], starts=S.values, kind=Note.ASSIGNED),
    "support_respond": step([(S.NEW, S.ANSWERED), (S.ASSIGNED, S.ANSWERED)], kind=Note.RESPONSE),
    "support_resolve": step(
        ((start, S.RESOLVED) for start in (S.NEW, S.ASSIGNED, S.ANSWERED)),
        kind=Note.RESOLVED,
    ),
    "support_reopen": step(
        [(S.RESOLVED, S.ANSWERED)],
        refusal=gettext_lazy("Yêu cầu chưa xử lý xong nên không cần mở lại."),
        kind=Note.REOPENED,
    ),
}
SUPPORT = Workflow(
    "request",
    TABLE,
    STEPS,
    gettext_lazy("Yêu cầu đang “%(status)s”: không chuyển sang “%(target)s” được."),
    _log,
)
