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


def country() -> Area:
    """The country above Hà Nội, built as data where the tree has none yet (Hà Nội and
    everything under it move below it). Its level is the country's if the tree knows one."""
    ha_noi = Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội")
    if ha_noi.depth > 1:
        return ha_noi.get_parent()
    root = Area.add_root(
        name="Việt Nam", kind=getattr(Area.Kind, "COUNTRY", Area.Kind.CITY), level_name=""
    )
    ha_noi.move(root, "last-child")
    return Area.objects.get(pk=root.pk)


def second_city() -> Area:
    """Huế, a second city in the same country, with one ward (Thuận Hóa): another program of
    the same deployment."""
    hue = country().add_child(name="Huế", kind=Area.Kind.CITY, level_name="thành phố")
    hue.add_child(name="Thuận Hóa", kind=Area.Kind.WARD)
    return Area.objects.get(pk=hue.pk)


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
