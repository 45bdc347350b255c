from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal import access, specs
from portal.forms.standards import StandardForm
from portal.selectors.standards import current_standards, superseded_standards
from portal.services.standards import standard_revise
from portal.views.decorators import portal_view


@portal_view
def standard_list(request):
    """The minimum standards in force (everyone in the portal), and their earlier versions."""
    return render(
        request,
        "portal/standards/list.html",
        {
            "standards": current_standards(),
            "history": superseded_standards(),
            "part_labels": specs.PART_LABELS,
            "can_edit": access.can_revise_program_standards(request.user),
        },
    )


@portal_view
def standard_edit(request, kind):
    if not access.can_revise_program_standards(request.user):
        raise PermissionDenied
    current = get_object_or_404(current_standards(), kind=kind)
    # The form's own copy: validating the POST writes into it.
    form = StandardForm(
        request.POST or None, instance=get_object_or_404(current_standards(), kind=kind)
    )
    if request.method == "POST" and form.is_valid():
        revised = standard_revise(actor=request.user, current=current, fields=form.cleaned_data)
        messages.success(
            request,
            _("Đã lưu phiên bản %(version)s của tiêu chuẩn.") % {"version": revised.version},
        )
        return redirect("portal:standard_list")
    return render(request, "portal/standards/edit.html", {"form": form, "standard": current})
