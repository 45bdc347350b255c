"""Monthly reconciliation pages, under the fund's ledger: upload the bank's statement, choose
the columns of an unknown layout, and settle the credits that matched no offer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.bank_statements import LAYOUT_LABELS
from portal.forms.reconcile import ColumnMappingForm, CreditAssignForm, StatementUploadForm
from portal.selectors.fund import fund_of, unmatched_credits
from portal.services import reconcile
from portal.views.decorators import reconcile_view


@reconcile_view
def statement_upload(request):
    fund = fund_of(request.user)
    if fund is None:
        raise PermissionDenied
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            statement = reconcile.statement_upload(
                actor=request.user,
                fund=fund,
                upload=form.cleaned_data["file"],
                form_key=form.cleaned_data["form_key"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("portal:fund_statement", pk=statement.pk)
    return render(
        request,
        "portal/reconcile/upload.html",
        {
            "fund": fund,
            "form": form,
            "layouts": LAYOUT_LABELS.values(),
            "recent": access.statements_visible_to(request.user).defer("cells", "credits")[:10],
            "unmatched": unmatched_credits(request.user).count(),
        },
    )


@reconcile_view
def statement_detail(request, pk):
    statement = get_object_or_404(access.statements_visible_to(request.user), pk=pk)
    form = None
    if statement.status == statement.Status.NEEDS_MAPPING:
        form = ColumnMappingForm(request.POST or None, statement=statement)
        if request.method == "POST" and form.is_valid():
            try:
                reconcile.statement_map(
                    actor=request.user, statement=statement, columns=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("portal:fund_statement", pk=statement.pk)
    preview = statement.cells[statement.header_row : statement.header_row + 6] if form else []
    return render(
        request,
        "portal/reconcile/statement.html",
        {
            "statement": statement,
            "layout": LAYOUT_LABELS.get(statement.layout, ""),
            "form": form,
            "preview": preview,
        },
    )


@reconcile_view
def unmatched_list(request):
    return render(
        request,
        "portal/reconcile/unmatched.html",
        {"credits": unmatched_credits(request.user), "form": CreditAssignForm()},
    )


@reconcile_view
@require_POST
def credit_assign(request, pk):
    credit = get_object_or_404(reconcile_credits(request), pk=pk)
    form = CreditAssignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy nhập mã đăng ký ủng hộ."))
        offer = reconcile.offer_for_code(form.cleaned_data["code"])
        reconcile.credit_assign(actor=request.user, credit=credit, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Đã ghi vào sổ quỹ cho đăng ký %(code)s.") % {"code": offer.reference}
        )
    return redirect("portal:bank_credits_unmatched")


@reconcile_view
@require_POST
def credit_anonymous(request, pk):
    credit = get_object_or_404(reconcile_credits(request), pk=pk)
    reconcile.credit_accept_anonymous(actor=request.user, credit=credit)
    messages.success(request, _("Đã ghi vào sổ quỹ là ủng hộ không nêu tên."))
    return redirect("portal:bank_credits_unmatched")


def reconcile_credits(request):
    return access.bank_credits_visible_to(request.user)
