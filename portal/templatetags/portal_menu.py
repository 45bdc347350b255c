"""The portal menu's links, rendered once a request: every page shows the menu twice (in
the header's button on a phone, beside the content on a wider screen), and its twenty links
and their translations were a tenth of a short page's time."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_menu_items(context) -> str:
    request = context["request"]
    if not hasattr(request, "_portal_menu_items"):
        items = context.template.engine.get_template("portal/components/portal_menu_items.html")
        request._portal_menu_items = items.render(context)
    return request._portal_menu_items
