from wagtail.images.models import Image
from wagtail.models import Locale, Site

from campaign.models import HelpIndexPage, HelpPage
from portal.help import HelpTask
from tests.factories.files import png


def help_pages(*, english=True) -> dict[str, HelpPage]:
    """A “Hướng dẫn” index below the home page and a published help page for every task,
    each with a screenshot; with `english`, their English translations too."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = HelpIndexPage(title="Hướng dẫn", slug="huong-dan")
    home.add_child(instance=index)
    index.save_revision().publish()
    image = Image.objects.create(title="Màn hình thử", file=png(name="man-hinh.png"))
    pages = {}
    for task in HelpTask:
        page = HelpPage(
            title=f"Hướng dẫn: {task.label}",
            slug=f"huong-dan-{task.value}",
            task=task,
            intro="Từng bước.",
            body=[
                {"type": "text", "value": "<ol><li>Bấm nút.</li></ol>"},
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "alt_text": "Màn hình", "decorative": False},
                        "caption": "",
                    },
                },
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        pages[task.value] = page
    if english:
        locale, _created = Locale.objects.get_or_create(language_code="en")
        for task, page in pages.items():
            translation = page.copy_for_translation(locale, copy_parents=True).specific
            translation.title = f"Help: {task}"
            translation.save_revision().publish()
    return pages
