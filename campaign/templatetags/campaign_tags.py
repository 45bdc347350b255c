from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    """The home page in the visitor's language (the Vietnamese one until it is translated)."""
    site = Site.find_for_request(context["request"])
    return site.root_page.localized.specific if site else None


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live pages directly below the home page that editors marked "show in menus"."""
    root = site_root(context)
    if root is None:
        return []
    return root.get_children().live().in_menu().filter(locale=root.locale)


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = get_language()
    return {
        "request": context["request"],
        "next": context["request"].get_full_path(),
        "languages": [
            {"code": code, "name": name, "current": code == current}
            for code, name in settings.LANGUAGES
        ],
    }
