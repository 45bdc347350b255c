from storages.backends.s3 import S3Storage

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk outside MEDIA_ROOT that have no URL at all: device photos, guardians'
    acknowledgements, imported lists. Portal views stream them after checking access."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a portal view.")


def private_storage():
    """The storage for uploads that must never have a public URL (see settings)."""
    return storages["private"]


class PrivateS3Storage(S3Storage):
    """The same promise on object storage: private objects, and no URL to hand out."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no public URL; serve them through a portal view.")
