"""A donor's offer: from the public form to the devices received (or a reason not to)."""

from django.utils.translation import gettext_lazy

from portal.models import OfferEvent
from portal.models.offers import OfferStatus as S
from portal.workflows.base import Workflow, event_log, step

TABLE: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.CONTACTED, S.PICKUP_SCHEDULED, S.DECLINED, S.RECEIVED}),
    S.CONTACTED: frozenset({S.PICKUP_SCHEDULED, S.DECLINED, S.RECEIVED}),
    S.PICKUP_SCHEDULED: frozenset({S.CONTACTED, S.DECLINED, S.RECEIVED}),
    S.RECEIVED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.DECLINED: frozenset({S.CONTACTED}),
}
# Not yet received nor closed: the team may still receive it, or pass it to another team.
RECEIVABLE = frozenset({S.NEW, S.CONTACTED, S.PICKUP_SCHEDULED})


STEPS = {
    # The team's own steps; receiving needs the count of what came, so it has its own.
    "offer_transition": step(
        (start, to) for start, ends in TABLE.items() for to in ends if to != S.RECEIVED
    ),
    "offer_receive": step(
        [(start, S.RECEIVED) for start in RECEIVABLE],
        refusal=gettext_lazy("Đăng ký này đang “%(status)s”: không nhận lại được."),
    ),
    "offer_route": step(
        starts=RECEIVABLE,
        refusal=gettext_lazy("Đăng ký đã nhận hoặc đã đóng: không chuyển tổ được."),
    ),
}
OFFER = Workflow(
    "offer",
    TABLE,
    STEPS,
    gettext_lazy("Đăng ký đang “%(status)s”: không chuyển sang “%(target)s” được."),
    event_log(OfferEvent, "offer"),
)
