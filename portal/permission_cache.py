"""Each person's model permissions, kept in the cache between requests.

Every portal page asks whether its reader may open the Wagtail admin (the menu's link,
`access.may_use_admin`), and Django reads the answer from two queries a request (the
person's own permissions and their groups'). The set changes only when someone edits a
group, a permission or a person's groups, so it is kept with a version that any such edit
bumps. A cache that is down reads as a miss: the set is read from the database, as before.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from config import cache_versions
from portal.models import User

VERSION_KEY = "permissions:version"
TIMEOUT = 60 * 60


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"permissions:{user_obj.pk}"
            version, permissions = cache_versions.kept(VERSION_KEY, key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache_versions.keep(key, version, permissions, timeout=TIMEOUT)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache


def permissions_changed(**kwargs) -> None:
    cache_versions.changed(VERSION_KEY)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="permissions-user-groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="permissions-user-own")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="permissions-group")
def _membership_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        permissions_changed()


for _model in (Group, Permission):
    post_save.connect(permissions_changed, sender=_model, dispatch_uid=f"permissions-{_model}")
    post_delete.connect(
        permissions_changed, sender=_model, dispatch_uid=f"permissions-del-{_model}"
    )
