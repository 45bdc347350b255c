from django import template

from portal.views.decorators import step_up_url as _step_up_url

register = template.Library()


@register.simple_tag(takes_context=True)
def step_up_url(context) -> str:
    """Where this coordinator gives the session its second factor, coming back here."""
    return _step_up_url(context["request"])
