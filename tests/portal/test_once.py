"""portal/services/once.py on its own, with the user model standing in for a keyed record.
The races it settles between real transactions are tested on PostgreSQL with the services
that use it (test_lifecycle, test_handovers, campaign/test_offer_burst)."""

import pytest

from django.db import IntegrityError

from portal.models import User
from portal.services.once import once

pytestmark = pytest.mark.django_db


def test_the_same_key_returns_the_first_record_without_creating_again():
    made = []

    def create():
        made.append(User.objects.create(email=f"lan{len(made)}@example.vn", first_name="Lan"))
        return made[-1]

    first, created = once(User, first_name="Lan", create=create)
    again, created_again = once(User, first_name="Lan", create=create)

    assert (created, created_again) == (True, False)
    assert again == first
    assert len(made) == 1


def test_without_a_key_every_call_creates():
    emails = iter(["a@example.vn", "b@example.vn"])

    def create():
        return User.objects.create(email=next(emails))

    assert once(User, first_name=None, create=create)[1]
    assert once(User, first_name=None, create=create)[1]
    assert User.objects.count() == 2


def test_the_lock_comes_after_a_miss_and_hands_its_rows_to_create():
    held = []

    def lock():
        held.append("locked")
        return "the locked rows"

    record, created = once(
        User,
        email="binh@example.vn",
        lock=lock,
        create=lambda rows: User.objects.create(email="binh@example.vn", last_name=rows),
    )

    assert created
    assert record.last_name == "the locked rows"
    assert held == ["locked"]
    assert once(User, email="binh@example.vn", lock=lock, create=pytest.fail)[1] is False
    assert held == ["locked"]  # found at the first look: nothing locked


def test_a_twin_saved_while_waiting_for_the_lock_is_returned():
    def lock():  # the twin's transaction commits while this one waits for the lock
        return User.objects.create(email="twin@example.vn")

    record, created = once(User, email="twin@example.vn", lock=lock, create=pytest.fail)

    assert not created
    assert record.email == "twin@example.vn"


def test_a_clash_on_another_column_is_tried_again_then_raised():
    User.objects.create(email="taken@example.vn")
    emails = iter(["taken@example.vn", "free@example.vn"])

    def create():
        return User.objects.create(email=next(emails), first_name="Mai")

    record, created = once(User, first_name="Mai", create=create, attempts=2)
    assert created
    assert record.email == "free@example.vn"

    with pytest.raises(IntegrityError):
        once(
            User,
            first_name="Hoa",
            create=lambda: User.objects.create(email="taken@example.vn"),
            attempts=3,
        )
