"""A public entry that is saved is never answered with an error page.

An offer or a support request is committed before the request ends; what runs after the
commit (the e-mails queued on commit, caches cleared, anything added later) may still fail,
and Django would answer 500: the donor or parent would think nothing was saved and lose
their code. The form's view names its confirmation page (`remember_saved`); if the answer
is then a server error and the entry is in the database, the visitor is sent there instead.
The error is still logged and reported as any other. An entry that was not saved keeps its
error: sent again, its one-time key saves it once."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponseRedirect

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedEntry:
    confirmation: str  # the page with the entry's code
    exists: Callable[[], bool]  # asked afresh: was the entry committed?


def remember_saved(request, *, confirmation: str, exists: Callable[[], bool]) -> None:
    request.saved_entry = SavedEntry(confirmation, exists)


class SavedEntryMiddleware:
    """Placed right after SessionMiddleware, so the session (which remembers that this
    visitor may follow the code) is saved with the redirect; Django saves none on a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        saved: SavedEntry | None = getattr(request, "saved_entry", None)
        if saved is None or response.status_code < 500:
            return response
        try:
            committed = saved.exists()
        except Exception:  # noqa: BLE001 - the database is gone too: keep the error page
            return response
        if not committed:
            return response
        logger.warning("Entry saved but its request failed afterwards: sent to its confirmation")
        return HttpResponseRedirect(saved.confirmation)
