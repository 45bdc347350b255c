"""The two public doors into the portal: the offer page (donors) and the support page
(students, parents, teachers). Each serves its form, a thank-you page with the reference
code, and a tracking page reached with the code and the phone number (or the e-mailed link).

These pages are never cached: each form carries its own one-time key and the tracking pages
are one person's. Which references a visitor may follow is remembered in their session.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from campaign.blocks import StoryBlock
from campaign.ratelimit import over_limit
from campaign.saved import remember_saved
from config.database_routing import primary_from_now
from portal.forms.public import SupportRequestForm, TrackForm, offer_forms
from portal.selectors import tracking
from portal.selectors.giving import general_transfer, offer_transfer
from portal.services.offers import offer_submit
from portal.services.support import support_submit
from portal.tracking_links import read_token, tracking_token

from .base import BasePage

GRANTS = "tracking"  # session key: the references this visitor proved they may follow
TOO_MANY = _("Bạn đã gửi nhiều lần liên tiếp. Xin đợi ít phút rồi gửi lại.")
NOT_FOUND = _("Không tìm thấy mã này với số điện thoại này. Hãy kiểm tra lại.")


class DeskPage(RoutablePageMixin, BasePage):
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(StoryBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    query_parameters = ("t", "ma", "moi")  # declared, though these pages are never cached

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # The form's visitor then reads what they just sent (its code, its tracking page),
        # from the primary, never from a read replica a moment behind.
        primary_from_now()
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)  # one-time keys and one person's tracking page
        return response

    def find(self, reference: str, phone: str):
        """The record with this code and phone, or None."""
        raise NotImplementedError

    def by_reference(self, reference: str):
        raise NotImplementedError

    def route_url(self, name: str, *args) -> str:
        return self.url + self.reverse_subpage(name, args=args)

    def track_url(self, record) -> str:
        """The e-mailed link: it opens the tracking page without typing the phone."""
        _site, _root, path = self.get_url_parts()  # the page's path, language prefix included
        track = path + self.reverse_subpage("track")
        return settings.SITE_URL + track + "?t=" + tracking_token(record.reference)

    @staticmethod
    def grant(request, reference: str) -> None:
        grants = [code for code in request.session.get(GRANTS, []) if code != reference]
        request.session[GRANTS] = [reference, *grants][:20]

    def granted(self, request, reference: str):
        if reference not in request.session.get(GRANTS, []):
            return None
        return self.by_reference(reference)

    def confirm(self, request, reference: str) -> HttpResponseRedirect:
        """To the code of the entry just saved, even if what runs after its commit fails
        (campaign/saved.py)."""
        self.grant(request, reference)
        confirmation = self.route_url("status", reference) + "?moi=1"
        remember_saved(
            request,
            confirmation=confirmation,
            exists=lambda: self.by_reference(reference) is not None,
        )
        return HttpResponseRedirect(confirmation)

    def to_lookup(self, reference: str) -> HttpResponseRedirect:
        return HttpResponseRedirect(self.route_url("track") + f"?ma={reference}")

    @path("theo-doi/", name="track")
    def track(self, request):
        """Type the code and phone, or arrive from the e-mailed link. A link past its
        lifetime leads here with its code filled in: only the phone is left to type."""
        link = read_token(request.GET.get("t", ""))
        if link.reference and not link.expired and self.by_reference(link.reference):
            self.grant(request, link.reference)
            return HttpResponseRedirect(self.route_url("status", link.reference))
        code = link.reference if link.expired else request.GET.get("ma", "")
        form = TrackForm(request.POST or None, initial={"reference": code})
        if request.method == "POST" and form.is_valid():
            if over_limit(request, "track"):
                form.add_error(None, TOO_MANY)
            elif record := self.find(form.cleaned_data["reference"], form.cleaned_data["phone"]):
                self.grant(request, record.reference)
                return HttpResponseRedirect(self.route_url("status", record.reference))
            else:
                form.add_error(None, NOT_FOUND)
        return self.render(
            request,
            template="campaign/desk_track.html",
            context_overrides={
                "form": form,
                "link_expired": link.expired and request.method == "GET",
                "link_days": settings.TRACKING_LINK_DAYS,
            },
        )


class OfferPage(DeskPage):
    """Offer devices, SIMs or money: the donor's form, their reference code, and a page to
    follow what their gift became (with a printable thank-you certificate)."""

    template = "campaign/offer_page.html"

    class Meta:
        verbose_name = _("trang đăng ký ủng hộ")
        verbose_name_plural = _("trang đăng ký ủng hộ")

    def find(self, reference, phone):
        return tracking.find_offer(reference, phone)

    def by_reference(self, reference):
        return tracking.offer_by_reference(reference)

    @path("")
    def offer_form(self, request):
        form, items, submitted = offer_forms(request.POST if request.method == "POST" else None)
        # Both are checked (no short circuit) so every mistake is shown at once.
        if submitted and form.is_valid() & items.is_valid():
            if over_limit(request, "offer"):
                form.add_error(None, TOO_MANY)
            else:
                try:
                    offer, _created = offer_submit(
                        fields=form.offer_fields(),
                        items=items.items(),
                        form_key=form.cleaned_data["form_key"],
                        track_url=self.track_url,
                    )
                except ValidationError as error:  # nothing offered at all
                    form.add_error(None, error)
                else:
                    return self.confirm(request, offer.reference)
        return self.render(
            request,
            context_overrides={"form": form, "items": items, "transfer": general_transfer()},
        )

    @path("theo-doi/<str:reference>/", name="status")
    def status(self, request, reference):
        offer = self.granted(request, reference)
        if offer is None:
            return self.to_lookup(reference)
        journeys = tracking.gift_journeys(offer)
        money = tracking.money_received(offer)
        return self.render(
            request,
            template="campaign/offer_status.html",
            context_overrides={
                "offer": offer,
                "just_sent": request.GET.get("moi") == "1",
                "items": offer.items.all(),
                "timeline": tracking.offer_timeline(offer),
                "journeys": journeys,
                "money": money,
                "bought": tracking.fund_purchases(offer) if money.arrivals else [],
                "certificate": tracking.certificate(offer, journeys, money),
                "transfer": offer_transfer(offer, money.total),
            },
        )

    @path("theo-doi/<str:reference>/giay-cam-on/", name="certificate")
    def certificate(self, request, reference):
        offer = self.granted(request, reference)
        if offer is None:
            return self.to_lookup(reference)
        return self.render(
            request,
            template="campaign/offer_certificate.html",
            context_overrides={
                "offer": offer,
                "certificate": tracking.certificate(offer, tracking.gift_journeys(offer)),
                "district": tracking.district_name(),
            },
        )


class SupportPage(DeskPage):
    """Ask for technical help: the request form, the reference code, and a page to follow
    it. The program promises to reach the requester within 24 hours."""

    template = "campaign/support_page.html"

    class Meta:
        verbose_name = _("trang yêu cầu hỗ trợ kỹ thuật")
        verbose_name_plural = _("trang yêu cầu hỗ trợ kỹ thuật")

    def find(self, reference, phone):
        return tracking.find_support_request(reference, phone)

    def by_reference(self, reference):
        return tracking.support_by_reference(reference)

    @path("")
    def request_form(self, request):
        form = SupportRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if over_limit(request, "support"):
                form.add_error(None, TOO_MANY)
            else:
                support, _created = support_submit(
                    fields=form.request_fields(),
                    form_key=form.cleaned_data["form_key"],
                    track_url=self.track_url,
                )
                return self.confirm(request, support.reference)
        return self.render(request, context_overrides={"form": form})

    @path("theo-doi/<str:reference>/", name="status")
    def status(self, request, reference):
        support = self.granted(request, reference)
        if support is None:
            return self.to_lookup(reference)
        return self.render(
            request,
            template="campaign/support_status.html",
            context_overrides={
                "support": support,
                "just_sent": request.GET.get("moi") == "1",
                "timeline": tracking.support_timeline(support),
            },
        )
