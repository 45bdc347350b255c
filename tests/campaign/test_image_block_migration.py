"""The data migration that moves an image block's alt text into Wagtail's ImageBlock."""

from campaign.migrations_support import AltIntoImageBlockOperation


def test_the_alt_text_moves_in_with_the_image_and_the_caption_stays():
    old = {"image": 7, "alt": "Em nhận máy", "caption": "Ngày trao"}

    assert AltIntoImageBlockOperation().apply(old) == {
        "image": {"image": 7, "alt_text": "Em nhận máy", "decorative": False},
        "caption": "Ngày trao",
    }


def test_a_block_already_converted_is_left_alone():
    new = {"image": {"image": 7, "alt_text": "Em", "decorative": True}, "caption": ""}

    assert AltIntoImageBlockOperation().apply(new) == new
