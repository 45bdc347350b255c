from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.forms.offers import OfferRouteForm, OfferStepForm, ReceiveForm
from portal.models import OfferStatus
from portal.models.offers import OPEN
from portal.services import offers as services
from portal.views.decorators import portal_view
from portal.views.listing import paginate, search
from portal.workflows import OFFER

TABS = {
    "open": (gettext_lazy("Đang xử lý"), OPEN),
    "received": (gettext_lazy("Đã nhận"), (OfferStatus.RECEIVED,)),
    "done": (gettext_lazy("Đã đóng"), (OfferStatus.CLOSED, OfferStatus.DECLINED)),
}


@portal_view
def offer_list(request):
    show_private = access.may_see_personal_details(request.user)
    # A donor's name or phone is searched only by those who may read it: a match tells it.
    offers, query = search(
        request,
        access.offers_visible_to(request.user),
        *(["donor_name"] if show_private else []),
        codes=("reference",),
        phones=("phone",) if show_private else (),
    )
    tab = request.GET.get("tab", "open")
    if tab in TABS:
        offers = offers.filter(status__in=TABS[tab][1])
    return render(
        request,
        "portal/offers/list.html",
        {
            "page_obj": paginate(
                request, offers.select_related("team", "commune").prefetch_related("items")
            ),
            "query": query,
            "tab": tab,
            "tabs": [(key, label) for key, (label, _statuses) in TABS.items()],
            "show_private": show_private,
        },
    )


def _offer(request, pk):
    return get_object_or_404(
        access.offers_visible_to(request.user).select_related("team", "commune", "dropoff_team"),
        pk=pk,
    )


@portal_view
def offer_detail(request, pk):
    offer = _offer(request, pk)
    return render(
        request,
        "portal/offers/detail.html",
        {
            "offer": offer,
            "show_private": access.may_see_personal_details(request.user),
            "items": offer.items.all(),
            "events": offer.events.select_related("actor"),
            "devices": offer.devices.order_by("pk"),
            "can_step": OFFER.can(offer, "offer_transition"),
            "can_route": OFFER.can(offer, "offer_route") and access.is_coordinator(request.user),
            "can_receive": OFFER.can(offer, "offer_receive")
            and offer.team_id
            and access.intake_teams(request.user).filter(pk=offer.team_id).exists(),
        },
    )


@portal_view
def offer_step(request, pk):
    offer = _offer(request, pk)
    form = OfferStepForm(request.POST or None, offer=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_transition(
                actor=request.user,
                offer=offer,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                pickup_at=form.cleaned_data["pickup_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã cập nhật đăng ký %(code)s.") % {"code": offer.reference}
            )
            return redirect("portal:offer_detail", pk=offer.pk)
    return _form_page(request, form, offer, _("Bước tiếp theo"), _("Lưu"))


@portal_view
def offer_route(request, pk):
    offer = _offer(request, pk)
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    form = OfferRouteForm(request.POST or None, teams=access.offer_teams(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_route(actor=request.user, offer=offer, team=form.cleaned_data["team"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã chuyển cho %(team)s.") % {"team": offer.team})
            return redirect("portal:offer_detail", pk=offer.pk)
    return _form_page(request, form, offer, _("Chuyển cho tổ khác"), _("Chuyển"))


@portal_view
def offer_receive(request, pk):
    offer = _offer(request, pk)
    form = ReceiveForm(request.POST or None, offer=offer)
    if request.method == "POST" and form.is_valid():
        try:
            devices = services.offer_receive(
                actor=request.user,
                offer=offer,
                quantities=form.quantities(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            offer.refresh_from_db()
            if not OFFER.can(
                offer, "offer_receive"
            ):  # already received: a double-tap, nothing lost
                messages.info(request, " ".join(error.messages))
                return redirect("portal:offer_detail", pk=offer.pk)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã nhận %(count)s thiết bị vào kho của tổ. Hãy in nhãn và dán lên máy.")
                % {"count": len(devices)},
            )
            return redirect("portal:offer_detail", pk=offer.pk)
    return _form_page(
        request,
        form,
        offer,
        _("Nhận đồ ủng hộ"),
        _("Nhận và tạo hồ sơ thiết bị"),
        _("mỗi máy nhận được thành một hồ sơ thiết bị của tổ, ghi tên nhà hảo tâm."),
    )


def _form_page(request, form, offer, heading, submit, intro=""):
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": f"{heading} · {offer.reference}",
            "submit": submit,
            "intro": intro,
        },
    )
