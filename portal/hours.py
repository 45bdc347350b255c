"""Volunteer time, for recognition: what each kind of logged work is credited with.

Nobody clocks in at a commune hall, so work logged in the portal is credited with the time
it typically takes (agreed with the district's team leaders); training sessions count their
real length for every trainer and every volunteer attending.
"""

from django.utils.translation import gettext_lazy as _

WORK_MINUTES = {
    "intake": 15,  # receive, photograph and label a device
    "check": 30,  # a spec check
    "repair": 60,  # a repair, upgrade or install
    "handover": 60,  # a handover with usage guidance
    "follow_up": 20,  # a check-in call or visit after a handover
    "support": 30,  # reaching and solving a support request
}

WORK_LABELS = {
    "intake": _("Tiếp nhận thiết bị"),
    "check": _("Kiểm tra cấu hình"),
    "repair": _("Sửa chữa, nâng cấp, cài đặt"),
    "handover": _("Trao tặng, hướng dẫn sử dụng"),
    "follow_up": _("Hỏi thăm sau trao"),
    "support": _("Hỗ trợ kỹ thuật"),
    "training_led": _("Hướng dẫn, đào tạo"),
    "training_attended": _("Tham dự bồi dưỡng"),
}
