import factory

from portal.models import Area, Membership, School, Team


def commune(name: str) -> Area:
    """A commune or town seeded by the migration (Gia Lâm's 22 of 2021)."""
    return Area.objects.filter(kind__in=Area.GRASSROOTS, name=name).order_by("path").first()


def second_district() -> Area:
    """Long Biên, a second district of Hà Nội with one ward (Bồ Đề): another coordinator's
    area, beside Gia Lâm."""
    ha_noi = Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội")
    district = ha_noi.add_child(name="Long Biên", kind=Area.Kind.DISTRICT)
    district.add_child(name="Bồ Đề", kind=Area.Kind.WARD)
    return district


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Trường Tiểu học số {n}")
    level = School.Level.PRIMARY
    commune = factory.LazyFunction(lambda: commune("Bát Tràng"))


class TeamFactory(factory.django.DjangoModelFactory):
    """A youth IT team in Bát Tràng unless told otherwise."""

    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Tổ Thanh niên IT số {n}")
    kind = Team.Kind.YOUTH_IT
    commune = factory.LazyFunction(lambda: commune("Bát Tràng"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory("tests.factories.people.UserFactory")
    role = Membership.Role.MEMBER
