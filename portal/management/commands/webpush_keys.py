"""Print a new VAPID key pair for Web Push, as the environment takes it."""

from django.core.management.base import BaseCommand

from portal.channels.vapid import generate, private_key_text, public_key_of


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair (WEBPUSH_VAPID_PRIVATE_KEY, WEBPUSH_VAPID_PUBLIC_KEY). "
        "Set it once: a new pair makes every phone's subscription stop working."
    )

    def handle(self, *args, **options):
        key = generate()
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private_key_text(key)}")
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public_key_of(key)}")
