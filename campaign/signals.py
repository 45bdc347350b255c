"""A guardian's withdrawal reaches the public site: stories stop naming or showing the child.

Pages already check consent when they are shown; this also turns off every flag of the
child's stories whose consent no longer stands and publishes that as a new revision, so
editors see it, previews agree and cached copies of the page are replaced."""

import logging

from django.db.models import Q
from django.dispatch import receiver

from campaign.models import StoryPage
from portal.selectors import public
from portal.signals import consent_changed

logger = logging.getLogger(__name__)


@receiver(consent_changed, dispatch_uid="campaign.redact_stories")
def redact_stories(sender, *, student_id, purpose, granted, **kwargs):
    if granted:
        return
    stories = StoryPage.objects.filter(handover__student_id=student_id).filter(
        Q(show_student=True) | Q(image_shows_student=True)
    )
    for story in stories.select_related("handover__student__commune"):
        if story.show_student and public.story_student(story.handover) is None:
            story.show_student = False
        if story.image_shows_student and not public.photo_consent(story.handover):
            # The photo shows the child: it goes, not just the flag that hides it.
            if story.social_image_id == story.image_id:
                story.social_image = None
            story.image, story.image_shows_student = None, False
        revision = story.save_revision(log_action=True, clean=False)
        if story.live:
            revision.publish()
        logger.info("Story %s redacted: the guardian withdrew consent (%s)", story.pk, purpose)
