import factory
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "mat-khau-thu-nghiem-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A person who can sign in at once: e-mail verified, password PASSWORD."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoi{n}@example.vn")
    last_name = factory.Faker("last_name", locale="vi_VN")
    first_name = factory.Faker("first_name", locale="vi_VN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True
