"""Finds the help page of each portal task (portal/help.py asks; campaign/apps.py registers).

One query for all the tasks, in the interface's language; a task whose page exists only in
Vietnamese (not yet translated) gets the Vietnamese page rather than no help at all."""

from django.conf import settings
from django.utils import translation

from campaign.models.help import HelpPage


def help_page_urls() -> dict[str, str]:
    language = translation.get_language() or settings.LANGUAGE_CODE
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
