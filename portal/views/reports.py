from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.forms.reports import ReportForm
from portal.services.reports import report_request
from portal.templatetags.official_dates import as_local_datetime
from portal.views import jobs
from portal.views.decorators import coordinator_view


@coordinator_view
def report_list(request):
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = report_request(
            actor=request.user,
            first_month=form.cleaned_data["first_month"],
            last_month=form.cleaned_data["last_month"],
            map_choice=form.cleaned_data["map"],
            form_key=form.cleaned_data["form_key"],
            area=form.cleaned_data.get("area"),
        )
        return redirect("portal:report_detail", pk=report.pk)
    return render(
        request,
        "portal/reports/list.html",
        {"form": form, "reports": access.reports_visible_to(request.user)[:20]},
    )


def _report(request, pk):
    return get_object_or_404(
        access.reports_visible_to(request.user).select_related("area", "requested_by"), pk=pk
    )


@coordinator_view
def report_detail(request, pk):
    """The printable report (A4, administrative heading), or its progress while it builds."""
    report = _report(request, pk)
    area = report.area
    parent = area.get_parent()
    return render(
        request,
        "portal/reports/detail.html",
        {
            "report": report,
            "data": report.data,
            # The heading of a report sent up: the organiser under its superior committee,
            # dated from the province or city (the district level being abolished in 2025).
            "organiser": area.youth_union_name,
            "superior": parent.youth_union_name if parent else "",
            "place": area.province.name,
            "generated_at": as_local_datetime(report.data.get("generated_at")),
            **jobs.job_context(request, report),
        },
    )


@coordinator_view
def report_progress(request, pk):
    report = _report(request, pk)
    return jobs.progress_response(report, processed=report.months_done, total=report.months_total)


@coordinator_view
@require_POST
def report_retry(request, pk):
    """The requester's "Chạy lại ngay" on a stalled report."""
    report = _report(request, pk)
    jobs.retry(request, report)
    return redirect("portal:report_detail", pk=report.pk)


@coordinator_view
def report_download(request, pk):
    report = _report(request, pk)
    if not report.file:
        return redirect("portal:report_detail", pk=report.pk)
    name = _("bao-cao-%(first)s-%(last)s.xlsx") % {
        "first": report.first_month,
        "last": report.last_month,
    }
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
