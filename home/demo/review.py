"""A news article the demo editor has written and submitted, waiting for a coordinator to
approve it: whoever signs in as the coordinator finds it under "awaiting your review" on
the admin's dashboard, and the editor finds it among their pages in a workflow."""

from datetime import timedelta

from django.utils import timezone

from campaign.models import NewsIndexPage, NewsPage
from home.demo.site import ALT, image, text

SLUG = "trao-may-dot-mua-he"
TITLE = "Trao 15 máy tính cho học sinh Bát Tràng trước năm học mới"
INTRO = "Tổ “Thanh niên IT” xã Bát Tràng trao 15 máy tính đã kiểm tra cho học sinh khó khăn."


def load(home, editor) -> NewsPage:
    news = home.get_children().type(NewsIndexPage).get(slug="tin-tuc")
    existing = news.get_children().filter(slug=SLUG).first()
    if existing is not None:
        return existing.specific
    article = NewsPage(
        slug=SLUG,
        title=TITLE,
        live=False,
        date=timezone.localdate() - timedelta(days=1),
        author="Ban Tuyên giáo Huyện đoàn",
        intro=INTRO,
        image=image("trao-tang"),
        image_alt=ALT["trao-tang"],
        body=[text(f"<p>{INTRO}</p>")],
        owner=editor,
    )
    news.add_child(instance=article)
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    return article
