"""The portal's tasks that have a help page ("Hướng dẫn"), and the hook that finds them.

The help pages are Wagtail pages (campaign.HelpPage), so editors keep them current. The
portal may not import the public side (dependencies point `home → campaign → portal`), so it
declares what it needs here — the task keys, and one function to ask for their addresses —
and the public side answers: `campaign` registers its finder when the app is ready
(campaign/apps.py). Chosen over a campaign template tag or context processor, which would
make portal templates depend on the public side (or run on every public page); here the
portal works, without links, when nobody answers or an editor deleted a page.
"""

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class HelpTask(models.TextChoices):
    RECEIVE = "receive", _("Tiếp nhận thiết bị")
    CHECK = "check", _("Kiểm tra cấu hình, sửa chữa")
    STUDENT = "student", _("Đề xuất và xác minh học sinh")
    CONSENT = "consent", _("Ghi ý kiến đồng ý của phụ huynh")
    HANDOVER = "handover", _("Trao tặng")
    SUPPORT = "support", _("Trả lời yêu cầu hỗ trợ kỹ thuật")
    REPORT = "report", _("Lập báo cáo")


# Returns {task key: the address of its help page in the active language}; tasks without a
# live page are left out.
HelpFinder = Callable[[], dict[str, str]]
_finder: HelpFinder | None = None


def register_finder(finder: HelpFinder) -> None:
    global _finder  # noqa: PLW0603 — one hook, set once when the apps are ready
    _finder = finder


def help_urls(request=None) -> dict[str, str]:
    """The help pages' addresses, looked up once per request (a page may link several)."""
    if request is not None and hasattr(request, "_help_urls"):
        return request._help_urls
    urls = _finder() if _finder is not None else {}
    if request is not None:
        request._help_urls = urls
    return urls
