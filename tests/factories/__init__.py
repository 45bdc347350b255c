from .people import PASSWORD, SuperuserFactory, UserFactory
from .teams import MembershipFactory, SchoolFactory, TeamFactory, commune, second_district

__all__ = [
    "PASSWORD",
    "MembershipFactory",
    "SchoolFactory",
    "SuperuserFactory",
    "TeamFactory",
    "UserFactory",
    "commune",
    "second_district",
]
