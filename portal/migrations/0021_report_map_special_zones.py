"""Reports remember the map they group communes by; special zones (đặc khu) are communes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0020_hanoi_2025_map'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='map',
            field=models.CharField(default='hien-nay', max_length=10, verbose_name='bản đồ'),
        ),
        migrations.AlterField(
            model_name='device',
            name='commune',
            field=models.ForeignKey(limit_choices_to={'kind__in': ('town', 'commune', 'ward', 'zone')}, on_delete=django.db.models.deletion.PROTECT, related_name='devices', to='portal.area', verbose_name='nơi tiếp nhận'),
        ),
        migrations.AlterField(
            model_name='offer',
            name='commune',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind__in': ('town', 'commune', 'ward', 'zone')}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portal.area', verbose_name='xã / thị trấn'),
        ),
        migrations.AlterField(
            model_name='school',
            name='commune',
            field=models.ForeignKey(limit_choices_to={'kind__in': ('town', 'commune', 'ward', 'zone')}, on_delete=django.db.models.deletion.PROTECT, related_name='schools', to='portal.area', verbose_name='xã / thị trấn'),
        ),
        migrations.AlterField(
            model_name='student',
            name='commune',
            field=models.ForeignKey(limit_choices_to={'kind__in': ('town', 'commune', 'ward', 'zone')}, on_delete=django.db.models.deletion.PROTECT, related_name='students', to='portal.area', verbose_name='xã / thị trấn nơi ở'),
        ),
        migrations.AlterField(
            model_name='supportrequest',
            name='commune',
            field=models.ForeignKey(limit_choices_to={'kind__in': ('town', 'commune', 'ward', 'zone')}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portal.area', verbose_name='xã / thị trấn'),
        ),
        migrations.AlterField(
            model_name='trainingsession',
            name='commune',
            field=models.ForeignKey(limit_choices_to={'kind__in': ('town', 'commune', 'ward', 'zone')}, on_delete=django.db.models.deletion.PROTECT, related_name='training_sessions', to='portal.area', verbose_name='xã / thị trấn'),
        ),
    ]
