"""Each entity's states, the moves allowed between them, and the service that makes each
move (see base.py for how a move is made and logged)."""

from portal.workflows.base import Step, Workflow
from portal.workflows.devices import DEVICE
from portal.workflows.offers import OFFER
from portal.workflows.students import STUDENT
from portal.workflows.support import SUPPORT

WORKFLOWS = (DEVICE, OFFER, STUDENT, SUPPORT)

__all__ = ["DEVICE", "OFFER", "STUDENT", "SUPPORT", "WORKFLOWS", "Step", "Workflow"]
