from .base import BasePage
from .directory import StandardsPage, TeamsPage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .pages import ContactPage, ContentPage, HonourEntry, HonourRollPage, Sponsor, SponsorsPage
from .stories import StoryIndexPage, StoryPage

__all__ = [
    "BasePage",
    "ContactPage",
    "ContentPage",
    "HonourEntry",
    "HonourRollPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "Sponsor",
    "SponsorsPage",
    "StandardsPage",
    "StoryIndexPage",
    "StoryPage",
    "TeamsPage",
]
