from django.conf import settings
from django.db import migrations

TITLE = "Máy tính cũ – Tri thức mới"


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder root page with our Vietnamese home page and point the
    default Site at it, so a fresh database serves the campaign site straight away."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2
    ).delete()
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug="trang-chu",
        content_type=content_type,
        locale=locale,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/trang-chu/",
        live=True,
        intro=(
            "Quyên góp máy tính, điện thoại, máy tính bảng và sim 3G/4G cũ để các đội tình "
            "nguyện sửa chữa và trao tặng học sinh có hoàn cảnh khó khăn ở Gia Lâm."
        ),
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, site_name=TITLE, root_page=homepage, is_default_site=True
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
