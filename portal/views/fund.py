from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.forms.fund import FundEntryForm
from portal.selectors.fund import fund_of, ledger, sales_to_approve
from portal.services.fund import fund_entry_record, sale_approve
from portal.views.decorators import coordinator_view, portal_view
from portal.views.listing import paginate


@coordinator_view
def fund_ledger(request):
    """The fund's book: balance, every entry with the balance after it, sales to approve,
    and a form for a new entry."""
    fund = fund_of(request.user)
    if fund is None:
        raise PermissionDenied
    form = FundEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fund_entry_record(actor=request.user, fund=fund, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi vào sổ quỹ."))
            return redirect("portal:fund_ledger")
    return render(
        request,
        "portal/fund.html",
        {
            "fund": fund,
            "form": form,
            "pending_sales": sales_to_approve(request.user),
            "page_obj": paginate(request, ledger(fund)),
        },
    )


@portal_view
@require_POST
def sale_approve_view(request, pk):
    sale = get_object_or_404(access.sales_visible_to(request.user), pk=pk)
    try:
        sale_approve(actor=request.user, sale=sale)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:fund_ledger")
    messages.success(
        request, _("Đã duyệt bán %(device)s; tiền đã vào quỹ.") % {"device": sale.device}
    )
    return redirect("portal:fund_ledger")
