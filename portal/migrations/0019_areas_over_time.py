"""Areas over time: each unit's level, official code and validity dates, the successor
links of a reorganisation, and coordinators' placements of records of split units."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LEVEL_OF_KIND = {
    "country": "country",
    "city": "province",
    "district": "district",
    "town": "commune",
    "commune": "commune",
    "ward": "commune",
    "zone": "commune",
}


def levels_from_kinds(apps, schema_editor):
    Area = apps.get_model("portal", "Area")
    for kind, level in LEVEL_OF_KIND.items():
        Area.objects.filter(kind=kind).update(level=level)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0018_list_orders"),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaSuccessor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("whole", models.BooleanField(default=True, verbose_name="toàn bộ")),
            ],
            options={
                "verbose_name": "đơn vị kế thừa",
                "verbose_name_plural": "đơn vị kế thừa",
            },
        ),
        migrations.CreateModel(
            name="Placement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("placed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "xếp vào xã mới",
                "verbose_name_plural": "xếp vào xã mới",
            },
        ),
        migrations.AddField(
            model_name="area",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="Mã của Tổng cục Thống kê (nay là Cục Thống kê), ví dụ 01 cho Hà Nội.",
                max_length=10,
                verbose_name="mã đơn vị hành chính",
            ),
        ),
        migrations.AddField(
            model_name="area",
            name="level",
            field=models.CharField(
                choices=[
                    ("country", "Quốc gia"),
                    ("province", "Cấp tỉnh"),
                    ("district", "Cấp huyện (đến 30/6/2025)"),
                    ("commune", "Cấp xã"),
                ],
                default="commune",
                max_length=10,
                verbose_name="cấp hành chính",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(levels_from_kinds, migrations.RunPython.noop),
        migrations.AddField(
            model_name="area",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="có hiệu lực từ"),
        ),
        migrations.AddField(
            model_name="area",
            name="valid_to",
            field=models.DateField(
                blank=True,
                help_text="Ngày đơn vị không còn (sáp nhập, chia tách); để trống nếu còn.",
                null=True,
                verbose_name="hết hiệu lực từ",
            ),
        ),
        migrations.AlterField(
            model_name="area",
            name="kind",
            field=models.CharField(
                choices=[
                    ("country", "Quốc gia"),
                    ("city", "Tỉnh / thành phố"),
                    ("district", "Quận / huyện"),
                    ("town", "Thị trấn"),
                    ("commune", "Xã"),
                    ("ward", "Phường"),
                    ("zone", "Đặc khu"),
                ],
                max_length=10,
                verbose_name="cấp",
            ),
        ),
        migrations.AddConstraint(
            model_name="area",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True), models.Q(("code", ""), _negated=True)
                ),
                fields=("level", "code"),
                name="area_current_code_unique",
            ),
        ),
        migrations.AddField(
            model_name="areasuccessor",
            name="new",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="predecessors",
                to="portal.area",
                verbose_name="đơn vị mới",
            ),
        ),
        migrations.AddField(
            model_name="areasuccessor",
            name="old",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="successors",
                to="portal.area",
                verbose_name="đơn vị cũ",
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.area",
                verbose_name="xã / phường mới",
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="content_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="placed_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="areasuccessor",
            constraint=models.UniqueConstraint(fields=("old", "new"), name="area_successor_unique"),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id"), name="placement_one_per_record"
            ),
        ),
    ]
