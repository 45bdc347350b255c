"""StreamField data operations shared by the campaign and home migrations."""

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


# Where StoryBlock keeps an image: its own image block and each image of a gallery.
IMAGE_PATHS = ("image", "gallery.images.item")


def image_block_operations(app_name: str, fields: list[tuple[str, str]]) -> list:
    from wagtail.blocks.migrations.migrate_operation import MigrateStreamData

    return [
        MigrateStreamData(
            app_name=app_name,
            model_name=model_name,
            field_name=field_name,
            operations_and_block_paths=[
                (AltIntoImageBlockOperation(), path) for path in IMAGE_PATHS
            ],
        )
        for model_name, field_name in fields
    ]
