from .people import PASSWORD, SuperuserFactory, UserFactory

__all__ = ["PASSWORD", "SuperuserFactory", "UserFactory"]
