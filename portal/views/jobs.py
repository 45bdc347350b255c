"""What the import and report pages share: the figures their progress bar polls, the notice
of a stalled job and its owner's "run again"."""

from django.contrib import messages
from django.http import JsonResponse
from django.utils.translation import gettext as _

from portal import access
from portal.models.jobs import WatchedJob, recovery_minutes
from portal.services.jobs import job_retry


def job_context(request, job: WatchedJob) -> dict:
    """For templates/portal/components/job_stalled.html."""
    return {
        "job_stalled": job.stalled,
        "can_retry": access.can_retry_job(request.user, job),
        "recovery_minutes": recovery_minutes(),
    }


def progress_response(job: WatchedJob, *, processed: int, total: int) -> JsonResponse:
    """Figures only, never a row's content."""
    return JsonResponse(
        {
            "status": job.status,
            "percent": job.percent,
            "processed": processed,
            "total": total,
            "finished": job.finished,
            "stalled": job.stalled,
        }
    )


def retry(request, job: WatchedJob) -> None:
    outcome = job_retry(actor=request.user, job=job)
    if outcome == "queued":
        messages.success(request, _("Đã gửi lại vào hàng đợi. Trang sẽ tự cập nhật tiến độ."))
    elif outcome == "queue_down":
        messages.warning(
            request,
            _(
                "Hàng đợi xử lý đang gián đoạn. Việc này đã được lưu và sẽ tự chạy khi hàng "
                "đợi hoạt động lại: không cần gửi lại."
            ),
        )
    else:
        messages.info(request, _("Không cần chạy lại: việc này đã xong hoặc đang chạy."))
