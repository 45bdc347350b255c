from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.exports import EXPORTS, FORMATS, export_file
from portal.views.decorators import portal_view

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@portal_view
def export_list(request, name, fmt):
    """A list as the person sees it in the portal, as a file (logged)."""
    if name not in EXPORTS or fmt not in FORMATS:
        raise Http404
    if EXPORTS[name].has_students and access.coordinator_needs_mfa(request.user):
        messages.warning(request, _("Hãy bật xác thực hai lớp trước khi xem dữ liệu học sinh."))
        return redirect("mfa_activate_totp")
    content, _rows = export_file(actor=request.user, name=name, fmt=fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
