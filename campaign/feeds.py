from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


class NewsFeed(Feed):
    """The news as RSS, for fanpage tools and readers: the latest 20 articles, with
    addresses on the host the feed was asked from."""

    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def _absolute(self, page) -> str:
        return self.request.build_absolute_uri(page.get_url(self.request))

    def title(self):
        return self.index.title

    def link(self):
        return self._absolute(self.index)

    def description(self):
        return self.index.intro

    def items(self):
        return self.index.articles()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return self._absolute(item)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(8)))

    def item_author_name(self, item):
        return item.author or None
