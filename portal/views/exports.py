from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

from portal import access
from portal.exports import EXPORTS, FORMATS, export_open
from portal.views.decorators import portal_view, step_up

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
        return step_up(request)
    content, _rows = export_open(actor=request.user, name=name, fmt=fmt)
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        content, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
    )
