from urllib.parse import quote

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils.translation import get_language, gettext

from wagtail.models import Locale, Site

from campaign import share_card
from campaign.models import HonourRollPage, ProgramSettings, SponsorsPage
from campaign.page_cache import VERSION_KEY
from config import cache_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    """The home page in the visitor's language (the Vietnamese one until it is translated).
    Looked up once per request: the header and the menu both need it."""
    request = context["request"]
    if not hasattr(request, "_site_root"):
        site = Site.find_for_request(request)
        request._site_root = site.root_page.localized.specific if site else None
    return request._site_root


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live pages directly below the home page that editors marked "show in menus"."""
    root = site_root(context)
    if root is None:
        return []
    return root.get_children().live().in_menu().filter(locale=root.locale)


@register.simple_tag(takes_context=True)
def recognition_pages(context):
    """The honour roll and the sponsors below the home page: no menu lists them, so the
    footer and the program page do. Looked up once per request."""
    request = context["request"]
    if not hasattr(request, "_recognition_pages"):
        root = site_root(context)
        request._recognition_pages = (
            list(
                root.get_children()
                .live()
                .type(HonourRollPage, SponsorsPage)
                .filter(locale=root.locale)
            )
            if root is not None
            else []
        )
    return request._recognition_pages


@register.simple_tag(takes_context=True)
def site_chrome(context) -> dict:
    """What the header and footer of every page show from the CMS — the home page's
    address, the menu's pages, the honour roll's and sponsors' links, the program's tagline
    and footer — kept in the cache per site and language, with the version of the page
    cache it was read under: a portal page would otherwise spend six queries on it. A page
    published, moved or deleted, or the settings saved, bumps that version
    (campaign/page_cache.py), so the next page reads them again. One round trip."""
    request = context["request"]
    if hasattr(request, "_site_chrome"):
        return request._site_chrome
    key = f"site-chrome:{request.get_host()}:{get_language()}"
    version, chrome = cache_versions.kept(VERSION_KEY, key)
    if chrome is None:
        chrome = _chrome(context)
        cache_versions.keep(key, version, chrome, timeout=24 * 60 * 60)
    request._site_chrome = chrome
    return chrome


def _links(pages, request) -> list[dict]:
    return [{"pk": page.pk, "url": page.get_url(request), "title": page.title} for page in pages]


def _chrome(context) -> dict:
    request, root = context["request"], site_root(context)
    program = ProgramSettings.load(request_or_site=request)
    return {
        "home_url": root.get_url(request) if root is not None else "/",
        "menu": _links(menu_pages(context), request),
        "recognition": _links(recognition_pages(context), request),
        # Editors write these in Vietnamese; the catalogue translates the program's own.
        "tagline": gettext(program.tagline) if program.tagline else "",
        "footer": gettext(program.footer) if program.footer else "",
        "organisers": [gettext(name) for name in program.organiser_list()],
        "place": gettext(program.place) if program.place else "",
        "start_date": program.start_date,
    }


def _address_in(language: str, request, page) -> str:
    """This page's address in another language: a Wagtail page's own translation when it
    has one, otherwise the same path under that language's prefix."""
    if page is not None:
        locale = Locale.objects.filter(language_code=language).first()
        translation = page.get_translation_or_none(locale) if locale else None
        if translation is not None and translation.live:
            return translation.url
    return translate_url(request.get_full_path(), language)


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Plain links, one per language: they work without JavaScript, can be shared and
    bookmarked, and tell search engines where each translation lives."""
    request, page, current = context["request"], context.get("page"), get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": name,
                "current": code == current,
                "url": request.get_full_path()
                if code == current
                else _address_in(code, request, page),
            }
            for code, name in settings.LANGUAGES
        ]
    }


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context):
    """Open Graph and Twitter-card tags, so a link shared on Facebook or Zalo shows a card:
    the page's title and text, and its image (a 1200 × 630 rendition). The home and results
    pages, unless an editor chose a sharing image, show the picture of their current figures
    (campaign/share_card); any other page without an image shows the site's."""
    request, page = context["request"], context.get("page")
    title = getattr(page, "seo_title", "") or getattr(page, "title", "")
    text = page.share_text() if hasattr(page, "share_text") else ""
    image = page.share_image() if hasattr(page, "share_image") else None
    kind = getattr(page, "share_card", None)
    image_type, image_alt = "", getattr(page, "image_alt", "") if image is not None else ""
    if image is not None:
        rendition = image.get_rendition("fill-1200x630|format-jpeg")
        image_url, width, height = rendition.url, rendition.width, rendition.height
    elif kind:
        card = share_card.card(kind)
        # The digest changes with the figures: a site that keeps images by address (Facebook
        # does) fetches the new picture when it reads the page again.
        image_url = f"{reverse('share_card', kwargs={'kind': kind})}?v={card.digest()[:12]}"
        width, height = share_card.WIDTH, share_card.HEIGHT
        image_type, image_alt = "image/png", card.alt()
    else:
        image_url, width, height = static("img/og-default.png"), 1200, 630
    return {
        "title": title,
        "text": text,
        "url": request.build_absolute_uri(request.path),
        "image": request.build_absolute_uri(image_url),
        "image_width": width,
        "image_height": height,
        "image_type": image_type,
        "image_alt": image_alt,
        "locale": "vi_VN" if get_language() == "vi" else "en_GB",
    }


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context):
    """Share on Facebook, on Zalo, or copy the address: plain links to each site's share
    page, so no third-party script runs here. The copy button needs static/js/share.js;
    without it the address stays in a field to copy by hand."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    encoded = quote(url, safe="")
    return {
        "url": url,
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
        # Zalo's share page, as its share button opens it, without loading Zalo's SDK.
        "zalo": f"https://sp.zalo.me/share_inline?url={encoded}",
    }


@register.filter
def pick(form, names: str) -> list:
    """The form's fields with these names, in this order: `form|pick:"name phone email"`. A
    name the form does not have now (the SMS box with no gateway) is left out."""
    return [form[name] for name in names.split() if name in form.fields]
