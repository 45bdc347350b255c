"""A guardian's withdrawal reaches the public site: stories stop naming or showing the child.

Pages already check consent when they are shown; this also turns the story's flags off and
publishes that as a new revision, so editors see it, previews agree and cached copies of the
page are replaced."""

import logging

from django.dispatch import receiver

from campaign.models import StoryPage
from portal.signals import consent_changed

logger = logging.getLogger(__name__)

FLAG_FOR = {"story": "show_student", "photo": "image_shows_student"}


@receiver(consent_changed, dispatch_uid="campaign.redact_stories")
def redact_stories(sender, *, student_id, purpose, granted, **kwargs):
    flag = FLAG_FOR.get(purpose)
    if granted or flag is None:
        return
    for story in StoryPage.objects.filter(handover__student_id=student_id, **{flag: True}):
        setattr(story, flag, False)
        revision = story.save_revision(log_action=True, clean=False)
        if story.live:
            revision.publish()
        logger.info("Story %s redacted: consent to %s withdrawn", story.pk, purpose)
