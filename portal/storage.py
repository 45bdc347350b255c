from django.core.files.storage import storages


def private_storage():
    """The storage for uploads that must never have a public URL (see settings)."""
    return storages["private"]
