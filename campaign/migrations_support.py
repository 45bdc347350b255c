"""StreamField data operations shared by the campaign and home migrations."""

import uuid

from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import BaseBlockOperation


class AltIntoImageBlockOperation(BaseBlockOperation):
    """An image block stored as {image, alt, caption} becomes {image: Wagtail's ImageBlock
    value (image, alt_text, decorative), caption}: the alt text moves in with the image."""

    def apply(self, block_value):
        if not isinstance(block_value, dict) or isinstance(block_value.get("image"), dict):
            return block_value
        return {
            "image": {
                "image": block_value.get("image"),
                "alt_text": block_value.get("alt", ""),
                "decorative": False,
            },
            "caption": block_value.get("caption", ""),
        }

    @property
    def operation_name_fragment(self):
        return "alt_into_image_block"


class AltIntoGalleryImagesOperation(BaseBlockOperation):
    """The same for each image of a gallery. Done on the whole list so each item is stored
    in the list format with its id (Wagtail's list walk leaves the ids out, and a list item
    without one is then read as a bare value)."""

    def apply(self, block_value):
        items = []
        for item in block_value.get("images") or []:
            listed = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            items.append(
                {
                    "type": "item",
                    "value": AltIntoImageBlockOperation().apply(item["value"] if listed else item),
                    "id": (item.get("id") if listed else None) or str(uuid.uuid4()),
                }
            )
        return {**block_value, "images": items}

    @property
    def operation_name_fragment(self):
        return "alt_into_gallery_images"


def image_block_operations(app_name: str, fields: list[tuple[str, str]]) -> list:
    return [
        MigrateStreamData(
            app_name=app_name,
            model_name=model_name,
            field_name=field_name,
            operations_and_block_paths=[
                (AltIntoImageBlockOperation(), "image"),
                (AltIntoGalleryImagesOperation(), "gallery"),
            ],
        )
        for model_name, field_name in fields
    ]
