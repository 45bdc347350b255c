from .base import BasePage
from .desks import OfferPage, SupportPage
from .directory import StandardsPage, TeamsPage
from .fund import OpenFundPage
from .help import HelpIndexPage, HelpPage
from .impact import ImpactPage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .pages import ContactPage, ContentPage, HonourEntry, HonourRollPage, Sponsor, SponsorsPage
from .settings import ProgramSettings
from .stories import StoryIndexPage, StoryPage

__all__ = [
    "BasePage",
    "ContactPage",
    "ContentPage",
    "HelpIndexPage",
    "HelpPage",
    "HonourEntry",
    "HonourRollPage",
    "ImpactPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "OfferPage",
    "OpenFundPage",
    "ProgramSettings",
    "Sponsor",
    "SponsorsPage",
    "StandardsPage",
    "StoryIndexPage",
    "StoryPage",
    "SupportPage",
    "TeamsPage",
]
