import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# How the program wipes each kind (the public standards page shows it); every version of a
# kind gets it, so the history reads the same.
GUIDANCE = {
    "laptop": (
        "Ổ cứng HDD: ghi đè toàn bộ ổ theo NIST SP 800-88 Clear (ví dụ nwipe, một lượt ghi "
        "đè, có kiểm tra). Ổ SSD: lệnh xoá an toàn của ổ (Secure Erase, NVMe Format) theo "
        "NIST SP 800-88 Purge. Sau đó cài lại hệ điều hành. Không dùng “cài đặt gốc” của "
        "Windows thay cho xoá ổ."
    ),
    "desktop": (
        "Như laptop: HDD ghi đè toàn bộ ổ (NIST SP 800-88 Clear), SSD dùng lệnh xoá an toàn "
        "của ổ (NIST SP 800-88 Purge), rồi cài lại hệ điều hành. Ổ hỏng không xoá được thì "
        "huỷ vật lý, không để lại trong máy."
    ),
    "phone": (
        "Kiểm tra máy đã bật mã hoá (Android 6 trở lên, iPhone luôn mã hoá), đăng xuất tài "
        "khoản Google/iCloud để gỡ khoá kích hoạt, tháo thẻ nhớ và sim, rồi khôi phục cài đặt "
        "gốc. Máy chưa mã hoá: bật mã hoá trước khi khôi phục."
    ),
    "tablet": (
        "Như điện thoại: bật mã hoá, đăng xuất tài khoản Google/iCloud, tháo thẻ nhớ, rồi "
        "khôi phục cài đặt gốc."
    ),
}


def add_guidance(apps, schema_editor):
    SpecStandard = apps.get_model("portal", "SpecStandard")
    for kind, text in GUIDANCE.items():
        SpecStandard.objects.filter(kind=kind, wipe_guidance="").update(wipe_guidance=text)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0029_reconcile_bank_statements'),
    ]

    operations = [
        migrations.AddField(
            model_name='specstandard',
            name='wipe_guidance',
            field=models.TextField(blank=True, help_text='Cách xoá dữ liệu của nhà hảo tâm trên loại thiết bị này, hiện công khai.', verbose_name='hướng dẫn xoá dữ liệu'),
        ),
        migrations.CreateModel(
            name='DataWipe',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('form_key', models.UUIDField(editable=False, null=True, unique=True)),
                ('method', models.CharField(choices=[('nist_clear', 'NIST SP 800-88 Clear: ghi đè toàn bộ ổ'), ('nist_purge', 'NIST SP 800-88 Purge: lệnh xoá an toàn của ổ'), ('factory_reset', 'Khôi phục cài đặt gốc khi máy đã mã hoá'), ('destroyed', 'Huỷ vật lý bộ nhớ')], max_length=20, verbose_name='phương pháp')),
                ('tool', models.CharField(help_text='Ví dụ: nwipe 0.34; Cài đặt gốc Android 12 (đã mã hoá).', max_length=120, verbose_name='công cụ')),
                ('wiped_on', models.DateField(verbose_name='ngày xoá')),
                ('notes', models.TextField(blank=True, verbose_name='ghi chú')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('device', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='wipe', to='portal.device', verbose_name='thiết bị')),
                ('recorded_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('verified_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người kiểm tra lại')),
                ('wiped_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xoá')),
            ],
            options={
                'verbose_name': 'biên bản xoá dữ liệu',
                'verbose_name_plural': 'biên bản xoá dữ liệu',
                'constraints': [models.CheckConstraint(condition=models.Q(('verified_by', models.F('wiped_by')), _negated=True), name='wipe_verified_by_another')],
            },
        ),
        migrations.RunPython(add_guidance, migrations.RunPython.noop),
    ]
