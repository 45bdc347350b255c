"""Every block an editor can add shows a preview and a description in the block picker."""

import pytest

from django.urls import reverse

from campaign.blocks import StoryBlock
from tests.campaign.conftest import publish

pytestmark = pytest.mark.django_db

BLOCKS = list(StoryBlock().child_blocks.values())


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_every_story_block_has_a_preview_and_a_description(client, editor, block):
    assert block.is_previewable
    assert str(block.get_description())
    client.force_login(editor)

    answer = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert answer.status_code == 200
    assert "css/site.css" in answer.content.decode()


def test_the_previews_use_the_library_and_the_site_when_they_have_content(
    client, editor, home, picture
):
    from campaign.models import TeamsPage

    teams = publish(home, TeamsPage(title="Tổ IT các xã", slug="to-it"))
    blocks = StoryBlock().child_blocks
    client.force_login(editor)

    def preview(name):
        url = reverse("wagtailadmin_block_preview")
        return client.get(url, {"id": blocks[name].definition_prefix}).content.decode()

    assert "<picture>" in preview("image")
    assert preview("gallery").count("<picture>") == 2
    assert f'action="{teams.url}"' in preview("find_team")
    assert "youtube" not in preview("video")
