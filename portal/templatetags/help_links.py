from django import template

from portal.help import HelpTask, help_urls

register = template.Library()


@register.inclusion_tag("portal/components/help_link.html", takes_context=True)
def help_link(context, task: str) -> dict:
    """“Hướng dẫn”: a link to the help page of this screen's task, in the interface's
    language; nothing at all when that page is gone (never a broken link)."""
    return {"url": help_urls(context.get("request")).get(task), "task": HelpTask(task).label}


@register.simple_tag(takes_context=True)
def help_url(context, task: str) -> str:
    """The address of a task's help page, or "" (for a link inside other text)."""
    return help_urls(context.get("request")).get(task, "") if task else ""
