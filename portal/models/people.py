from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Accounts are keyed by e-mail address; there are no usernames."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: volunteer, teacher, team leader, coordinator or editor.

    Signs in with an e-mail address. Names follow Vietnamese order: "họ và tên đệm"
    (family and middle names, e.g. "Nguyễn Thị") then "tên" (given name, e.g. "Lan").
    """

    username = None
    email = models.EmailField(_("địa chỉ e-mail"), unique=True)
    first_name = models.CharField(_("tên"), max_length=150, blank=True)
    last_name = models.CharField(_("họ và tên đệm"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    coordinated_area = models.ForeignKey(
        "portal.Area",
        verbose_name=_("điều phối địa bàn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinators",
        help_text=_("Điều phối viên thấy và quản lý mọi tổ, đội trong địa bàn này."),
    )
    # A coordinator may run several areas at any level (two communes, a city, the country).
    # `coordinated_area` is the one they were appointed for (their reports and invitations
    # default to it, and it makes them a coordinator); this set holds it and any others.
    # Access reads the set only, through `portal.access.coordinated_areas`.
    coordinated_areas = models.ManyToManyField(
        "portal.Area",
        verbose_name=_("các địa bàn điều phối"),
        blank=True,
        related_name="coordinators_of",
        help_text=_("Điều phối viên thấy mọi thứ bên trong từng địa bàn này."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.coordinated_area_id is not None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The area a coordinator is appointed for is always one of theirs.
        fields = kwargs.get("update_fields")
        if self.coordinated_area_id and (fields is None or "coordinated_area" in fields):
            self.coordinated_areas.add(self.coordinated_area_id)

    def get_short_name(self):
        return self.first_name or self.email
