"""Finds the help page of each portal task (portal/help.py asks; campaign/apps.py registers).

One query for all the tasks, in the interface's language; a task whose page exists only in
Vietnamese (not yet translated) gets the Vietnamese page rather than no help at all. The
answer is kept in the cache under the public pages' version, which every publish, unpublish,
move or deletion of a page bumps (campaign/wagtail_hooks.py): the portal's pages link help
on every request, and looking the addresses up was a tenth of the dashboard's time."""

from django.conf import settings
from django.utils import translation

from campaign.models.help import HelpPage
from campaign.page_cache import VERSION_KEY
from config import cache_versions


def help_page_urls() -> dict[str, str]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"help-urls:{language}"
    version, urls = cache_versions.kept(VERSION_KEY, key)
    if urls is None:
        urls = _help_page_urls(language)
        cache_versions.keep(key, version, urls, timeout=24 * 3600)
    return urls


def _help_page_urls(language: str) -> dict[str, str]:
    wanted = [language, settings.LANGUAGE_CODE]
    pages = (
        HelpPage.objects.live()
        .filter(locale__language_code__in=wanted)
        .select_related("locale")
        .only("url_path", "task", "locale__language_code")
    )
    urls: dict[str, str] = {}
    # The interface's language first, then the default language fills the gaps.
    for page in sorted(pages, key=lambda page: page.locale.language_code != language):
        if page.task not in urls:
            url = page.get_url()
            if url:
                urls[page.task] = url
    return urls
