"""The data migration that moves an image block's alt text into Wagtail's ImageBlock."""

from campaign.migrations_support import AltIntoGalleryImagesOperation, AltIntoImageBlockOperation


def test_the_alt_text_moves_in_with_the_image_and_the_caption_stays():
    old = {"image": 7, "alt": "Em nhận máy", "caption": "Ngày trao"}

    assert AltIntoImageBlockOperation().apply(old) == {
        "image": {"image": 7, "alt_text": "Em nhận máy", "decorative": False},
        "caption": "Ngày trao",
    }


def test_a_block_already_converted_is_left_alone():
    new = {"image": {"image": 7, "alt_text": "Em", "decorative": True}, "caption": ""}

    assert AltIntoImageBlockOperation().apply(new) == new


def test_each_image_of_a_gallery_is_converted_and_keeps_or_gets_an_id():
    gallery = {
        "images": [
            {"image": 1, "alt": "Tiếp nhận", "caption": ""},
            {"type": "item", "id": "abc", "value": {"image": 2, "alt": "Sửa", "caption": "x"}},
        ]
    }

    first, second = AltIntoGalleryImagesOperation().apply(gallery)["images"]

    assert first["type"] == "item"
    assert first["id"]
    assert first["value"]["image"] == {"image": 1, "alt_text": "Tiếp nhận", "decorative": False}
    assert second == {
        "type": "item",
        "id": "abc",
        "value": {"image": {"image": 2, "alt_text": "Sửa", "decorative": False}, "caption": "x"},
    }
