from .audit import AuditEvent
from .invitations import Invitation
from .people import User
from .places import Area, Cluster, School
from .teams import Membership, Team

__all__ = ["Area", "AuditEvent", "Cluster", "Invitation", "Membership", "School", "Team", "User"]
