"""News and outreach: an index with pages and a feed, and articles with tags."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .base import ArticlePage, BasePage

NEWS_PER_PAGE = 10


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The list of news and outreach articles, newest first, with an RSS feed at rss/."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.NewsPage"]
    template = "campaign/news_index_page.html"
    query_parameters = ("tag", "page")

    class Meta:
        verbose_name = _("trang danh sách tin tức")
        verbose_name_plural = _("trang danh sách tin tức")

    def articles(self):
        return (
            NewsPage.objects.child_of(self).live().select_related("image").order_by("-date", "-pk")
        )

    @path("")
    def listing(self, request):
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag)
        page_obj = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"page_obj": page_obj, "tag": tag})

    @path("rss/")
    def feed(self, request):
        from campaign.feeds import NewsFeed  # noqa: PLC0415 (the feed imports this page)

        return NewsFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaign.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(ArticlePage):
    """One news or outreach article."""

    author = models.CharField(_("tác giả"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("thẻ"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["campaign.NewsIndexPage"]
    template = "campaign/news_page.html"

    class Meta:
        verbose_name = _("bài tin tức")
        verbose_name_plural = _("bài tin tức")
