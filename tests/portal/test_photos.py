import pytest

from django.conf import settings
from django.urls import reverse

from portal.models import Device, DevicePhoto
from tests.factories.devices import received
from tests.factories.files import disguised, png

pytestmark = pytest.mark.django_db


def upload(client, device, *files):
    return client.post(
        reverse("portal:device_photos", args=[device.pk]), {"photos": list(files)}, follow=True
    )


def test_team_uploads_photos_and_sees_them_through_the_portal_only(client, volunteer, team):
    device = received(volunteer, team)
    client.force_login(volunteer)

    page = upload(client, device, png("mat-truoc.png"), png("mat-sau.png")).content.decode()

    assert "Đã lưu 2 ảnh." in page
    photo = DevicePhoto.objects.first()
    response = client.get(reverse("portal:device_photo", args=[device.pk, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "mat-truoc" not in photo.image.name  # stored names reveal nothing
    assert not str(photo.image.path).startswith(str(settings.MEDIA_ROOT))


def test_photos_are_refused_to_other_teams_and_to_anonymous_visitors(
    client, volunteer, team, other_team, coordinator
):
    device = received(volunteer, team)
    client.force_login(volunteer)
    upload(client, device, png())
    photo_url = reverse("portal:device_photo", args=[device.pk, DevicePhoto.objects.get().pk])
    outsider = other_team.memberships.create(
        person=coordinator.__class__.objects.create(email="khac@example.vn")
    ).person

    client.force_login(outsider)
    assert client.get(photo_url).status_code == 404
    client.logout()
    assert client.get(photo_url)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "bad",
    [
        disguised(),
        disguised("trang.png", b"<html><script>alert(1)</script></html>"),
        disguised("rong.jpg", b""),
    ],
)
def test_files_that_are_not_images_are_refused_by_content(client, volunteer, team, bad):
    device = received(volunteer, team)
    client.force_login(volunteer)

    page = upload(client, device, bad).content.decode()

    assert (
        "không phải ảnh JPEG, PNG, WebP hoặc HEIC" in page
        or "Tệp gửi lên trống" in page
        or "rỗng" in page
    )
    assert not DevicePhoto.objects.exists()


def test_one_bad_file_among_good_ones_saves_none(client, volunteer, team):
    device = received(volunteer, team)
    client.force_login(volunteer)

    upload(client, device, png(), disguised())

    assert not DevicePhoto.objects.exists()


def test_oversized_photos_are_refused(client, volunteer, team, settings):
    settings.PHOTO_MAX_BYTES = 100
    device = received(volunteer, team)
    client.force_login(volunteer)

    page = upload(client, device, png(size=(200, 200))).content.decode()

    assert "quá lớn" in page
    assert not DevicePhoto.objects.exists()


def test_photos_taken_at_intake_are_kept_once_even_if_the_form_is_sent_twice(
    client, volunteer, team
):
    client.force_login(volunteer)
    data = {
        "team": team.pk,
        "form_key": "8e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a78",
        "kind": "phone",
        "model_name": "Oppo A5s",
    }

    client.post(reverse("portal:device_intake"), {**data, "photos": [png(), png("b.png")]})
    client.post(reverse("portal:device_intake"), {**data, "photos": [png(), png("b.png")]})

    assert DevicePhoto.objects.count() == 2
    assert DevicePhoto.objects.values("device").distinct().count() == 1


def test_a_bad_photo_at_intake_keeps_the_form_and_saves_nothing(client, volunteer, team):
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:device_intake"),
        {
            "team": team.pk,
            "form_key": "9e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a79",
            "kind": "phone",
            "model_name": "Oppo A5s",
            "photos": [disguised()],
        },
    )

    assert "không phải ảnh JPEG, PNG, WebP hoặc HEIC" in response.content.decode()
    assert 'value="Oppo A5s"' in response.content.decode()
    assert not Device.objects.exists()


def test_a_cluster_team_receives_in_one_of_its_communes(client, coordinator, gia_lam):
    from portal.models import Cluster, Team

    cluster = Cluster.objects.create(name="Cụm 1", district=gia_lam)
    kim_lan = gia_lam.get_children().get(name="Kim Lan")
    kim_lan.cluster = cluster
    kim_lan.save()
    team = Team.objects.create(name="Đội Hỗ trợ IT cụm 1", kind="it_support", cluster=cluster)
    client.force_login(coordinator)

    client.post(
        reverse("portal:device_intake"),
        {
            "team": team.pk,
            "commune": kim_lan.pk,
            "form_key": "ae0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a7a",
            "kind": "laptop",
        },
    )

    assert Device.objects.get().commune == kim_lan
