"""A guardian's withdrawal reaches the public site: stories stop naming or showing the child.

Pages already check consent when they are shown; this also turns off every flag of the
child's stories whose consent no longer stands and publishes that as a new revision, so
editors see it, previews agree and cached copies of the page are replaced.

A photo marked as showing the child is then deleted from the image library, with every
rendition: Wagtail serves images as plain files under /media/, so hiding the photo on the page
would leave the original, each size and the sharing card at addresses anyone may have kept.
It is deleted rather than moved to private storage because publishing was its only purpose,
and that purpose ended with the withdrawal (no portal screen shows library images)."""

import logging

from django.db import transaction
from django.dispatch import receiver

from wagtail.actions.delete import DeleteAction
from wagtail.images import get_image_model

from campaign.models import StoryPage
from campaign.page_cache import page_cache_clear
from portal.selectors import public
from portal.signals import consent_changed

logger = logging.getLogger(__name__)


@receiver(consent_changed, dispatch_uid="campaign.redact_stories")
def redact_stories(sender, *, student_id, purpose, granted, **kwargs):
    if granted:
        return
    stories = StoryPage.objects.filter(handover__student_id=student_id)
    with transaction.atomic():
        photos = set()
        for story in stories.select_related("handover__student__commune"):
            redacted = False
            if story.show_student and public.story_student(story.handover) is None:
                story.show_student, redacted = False, True
            if not public.photo_consent(story.handover):
                photos |= _photos_of_child(story)
                if story.image_shows_student:
                    story.image, story.image_shows_student, redacted = None, False, True
            if redacted:
                revision = story.save_revision(log_action=True, clean=False)
                if story.live:
                    revision.publish()
                logger.info(
                    "Story %s redacted: the guardian withdrew consent (%s)", story.pk, purpose
                )
        # Wherever else an editor reused the photo (another page's body, a sharing card),
        # it goes too. Wagtail's own delete action: the deletion shows in the site history,
        # and the files of the image and its renditions go once this commits.
        for image in get_image_model().objects.filter(pk__in=photos):
            logger.info("Image %s deleted: it showed a child whose photo consent ended", image.pk)
            DeleteAction(image).execute(skip_permission_checks=True)
        # Pages that showed the photo without being republished (a news article that reused
        # it, the lists) must not be served from the cache with its addresses.
        transaction.on_commit(page_cache_clear)


def _photos_of_child(story: StoryPage) -> set[int]:
    """The image marked as showing the child, in the story as saved and in its latest draft
    (an uploaded image is public under /media/ whether or not the draft is published)."""
    draft = story.get_latest_revision_as_object()
    return {page.image_id for page in (story, draft) if page.image_shows_student and page.image_id}
