"""What the portal tells the rest of the project about, without knowing who listens."""

from django.db import transaction
from django.dispatch import Signal

# A guardian gave or withdrew consent for one purpose (sent after the change is committed):
# student_id, purpose ("device", "photo", "story"), granted.
consent_changed = Signal()

# Something the public pages show changed (the standards, a team, a member's public
# contact); sent after commit. The public site's page cache listens.
public_content_changed = Signal()

# A counter moved: the public figures changed (sent after commit, by
# `portal.services.counters.figures_changed_announce`). The pages that show figures listen.
figures_changed = Signal()


def announce_public_change() -> None:
    transaction.on_commit(lambda: public_content_changed.send(sender=None))
