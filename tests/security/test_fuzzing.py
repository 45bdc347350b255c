"""Property-based fuzzing (Hypothesis) of the public forms (offer, support request, tracking
look-up: at least 200 examples each), of the student list import (sent through its upload
page) and of every portal form (fewer examples each).

Each example is a form filled in as a person would, with a few fields replaced by anything a
phone keyboard, a paste or a robot can send. Each test counts what happened and asserts:
- examples run, and requests sent against requests planned;
- records written against records expected: as many as the form writes for each
  submission the site accepted (it moved on to the next page), none for one it refused;
- duplicates: records written when an accepted submission is sent again as it was (a
  double tap, a retry): none;
- server errors (5xx): none.
Each test prints one summary line from those counts. Each test stands alone: no figure is
carried from one test to another, so the order they run in does not matter."""

import io
import uuid

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaign.models import OfferPage, SupportPage
from portal.models import (
    Area,
    AreaTarget,
    BankStatement,
    Commendation,
    DataWipe,
    Device,
    FollowUp,
    FundEntry,
    Handover,
    HardwareSnapshot,
    Invitation,
    Offer,
    Repair,
    Report,
    Sale,
    SpecCheck,
    SpecStandard,
    Student,
    StudentImport,
    SupportNote,
    SupportRequest,
    Team,
    TrainingSession,
)
from portal.services.student_import import COLUMNS, EXAMPLE
from tests.campaign.conftest import publish
from tests.factories.desk import offered, requested
from tests.portal.test_access_matrix import (  # noqa: F401
    MATRIX,
    objects,
    portal_url,
    sign_in,
)
from tests.security.attack import (
    HOSTILE,
    HOSTILE_NUMBERS,
    SIGN_IN,
    Tally,
    files_for,
    filled_in,
)
from tests.security.html_forms import forms_on
from tests.security.targets import PREPARE

pytestmark = pytest.mark.django_db
PUBLIC_EXAMPLES = 200
PORTAL_EXAMPLES = 8
IMPORT_EXAMPLES = 30


def fuzz(examples):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Anything a phone keyboard, a paste or a robot can send.
values = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),  # ٣ ² １
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        [*HOSTILE.values(), *HOSTILE_NUMBERS.values()]
        + ["", " ", "0", "-1", "1e9", "NaN", "2026-13-45", "<script>", "' OR 1=1 --"]
    ),
    st.just("x" * 5000),
)


def spoils(names):
    return st.dictionaries(st.sampled_from(sorted(names)), values, max_size=3)


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    """Rate limits would answer the fuzzing before the code under test runs."""
    settings.PUBLIC_FORM_RATE_LIMIT = (10**6, 3600)


@pytest.fixture
def fuzzing_client(client):
    client.raise_request_exception = False  # a server error is counted, not raised
    return client


def post(tally, client, path, data):
    tally.planned += 1
    return tally.send(client, "post", path, data)


def moved_on(response) -> bool:
    """Accepted: the site answered with the next page, not the form again or sign-in."""
    return response.status_code == 302 and not response["Location"].startswith(SIGN_IN)


def fuzz_form(client, tally, path, *, model, per_accepted, examples, fixed=None):
    """Fuzz the form the page at `path` shows: the form as filled in, with up to three
    fields spoiled and a one-time key of its own; each accepted submission sent again."""
    tally.planned += 1
    page = tally.send(client, "get", path, label="as it stands")
    forms = forms_on(page.content.decode())
    form = next(f for f in forms if f.method == "post" and f.action in ("", path))
    filled = filled_in(form)
    fixed = fixed or {}  # fields kept as they are, with the example's number in them

    @fuzz(examples)
    @given(spoiled=spoils(set(form.fields) - set(fixed)))
    @example(spoiled={})  # the form as filled in, always: it must be accepted
    def one(spoiled):
        tally.examples += 1
        data = {**filled, **{name: [value] for name, value in spoiled.items()}}
        data |= {name: [text.format(n=tally.examples)] for name, text in fixed.items()}
        if "form_key" in form.fields and "form_key" not in spoiled:
            data["form_key"] = [str(uuid.uuid4())]
        before = model.objects.count()
        response = post(tally, client, path, data | files_for(form))
        written = model.objects.count() - before
        tally.written += written
        if moved_on(response):
            tally.accepted += 1
            tally.expected += per_accepted
            if "form_key" in form.fields:  # the form promises to save once
                tally.resent += 1
                post(tally, client, path, data | files_for(form))
                tally.duplicates += model.objects.count() - before - written

    one()


def assert_counted(tally, examples):
    print(f"\n{tally.line()}")
    for sent, status, error in tally.failures[:10]:
        print(f"  {status} {sent}: {error!r}"[:300])
    assert tally.failures == []
    assert tally.server_errors == 0
    assert tally.examples >= examples
    assert tally.sent == tally.planned
    assert tally.written == tally.expected
    assert tally.duplicates == 0
    assert tally.accepted > 0  # some got through: the fuzzing was not all stopped at the door


# --- the public forms ------------------------------------------------------------------


@pytest.fixture
def desks(home, team):
    return (
        publish(home, OfferPage(title="Ủng hộ", slug="ung-ho")),
        publish(home, SupportPage(title="Hỗ trợ", slug="ho-tro")),
    )


@pytest.mark.parametrize(
    ("desk", "model"), [(0, Offer), (1, SupportRequest)], ids=["offer", "support"]
)
def test_a_public_form_never_fails_whatever_is_sent(fuzzing_client, desks, desk, model):
    tally = Tally(f"public {model.__name__} form", counts_records=True)

    fuzz_form(
        fuzzing_client,
        tally,
        desks[desk].url,
        model=model,
        per_accepted=1,
        examples=PUBLIC_EXAMPLES,
    )

    assert_counted(tally, PUBLIC_EXAMPLES)


def test_the_tracking_look_up_never_fails_whatever_is_sent(fuzzing_client, desks, team):
    """The code and phone typed (mostly right, sometimes spoiled), and the e-mailed link's
    token and code in the address. A look-up writes nothing."""
    client = fuzzing_client
    tally = Tally("tracking look-up", counts_records=True)
    records = (offered(team.commune), requested(team.commune))
    phones = [record.phone for record in records]

    def records_now() -> int:
        return Offer.objects.count() + SupportRequest.objects.count()

    @fuzz(PUBLIC_EXAMPLES)
    @given(
        desk=st.sampled_from([0, 1]),
        spoiled=spoils(["reference", "phone"]),
        token=values,
        code=values,
    )
    @example(desk=0, spoiled={}, token="", code="")  # the right code and phone
    def one(desk, spoiled, token, code):
        tally.examples += 1
        track = desks[desk].url + "theo-doi/"
        typed = {"reference": records[desk].reference, "phone": phones[desk], **spoiled}
        before = records_now()
        if moved_on(post(tally, client, track, typed)):
            tally.accepted += 1
        tally.planned += 1
        tally.send(client, "get", track, {"t": token, "ma": code})
        tally.written += records_now() - before

    one()

    assert_counted(tally, PUBLIC_EXAMPLES)


# --- the student list import, through its upload page -----------------------------------

cells = st.one_of(
    values,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=False),
    st.dates().map(str),
    st.none(),
)
rows = st.lists(
    st.dictionaries(st.integers(0, len(COLUMNS) + 1), cells, max_size=3),  # cells spoiled
    min_size=1,
    max_size=6,
)


def workbook(spoiled_rows, number) -> SimpleUploadedFile:
    """The template's example row once per row, named apart, with the spoiled cells."""
    book = Workbook()
    book.active.append([column.title for column in COLUMNS])
    for index, spoiled in enumerate(spoiled_rows):
        row = [*EXAMPLE, None, None]
        row[0] = f"Nguyễn Thị Lan Thử {number} {index}"
        for position, cell in spoiled.items():
            # Characters a worksheet cannot hold at all are no input a real file can carry.
            row[position] = (
                ILLEGAL_CHARACTERS_RE.sub("", cell)[:200] if isinstance(cell, str) else cell
            )
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def test_an_uploaded_list_is_imported_or_rejected_never_a_crash(
    fuzzing_client, teacher, school, django_capture_on_commit_callbacks
):
    """Each list sent through the upload page, the import run when the request commits (as
    the worker would); each list imported is then sent again, as a new upload, and must add
    nobody. Records expected: the rows the import reports created (all or none)."""
    client = fuzzing_client
    client.force_login(teacher)
    tally = Tally("student list import", counts_records=True)
    page = reverse("portal:student_import")

    def upload(spoiled_rows, number):
        key = str(uuid.uuid4())
        with django_capture_on_commit_callbacks(execute=True):
            post(
                tally,
                client,
                page,
                {"school": school.pk, "file": workbook(spoiled_rows, number), "form_key": key},
            )
        return StudentImport.objects.filter(form_key=key).first()

    @fuzz(IMPORT_EXAMPLES)
    @given(spoiled_rows=rows)
    # Found by fuzzing: a huge number in the phone or grade column used to crash the import.
    @example(spoiled_rows=[{2: 1.7976931348623155e308, 5: 1.7976931348623155e308}])
    @example(spoiled_rows=[{}, {}])  # two good rows: they must be imported
    def one(spoiled_rows):
        tally.examples += 1
        before = Student.objects.count()
        job = upload(spoiled_rows, tally.examples)
        written = Student.objects.count() - before
        tally.written += written
        if job and job.status == StudentImport.Status.DONE:
            tally.accepted += 1
            tally.expected += job.created_count
            tally.resent += 1
            upload(spoiled_rows, tally.examples)
            tally.duplicates += Student.objects.count() - before - written

    one()

    assert_counted(tally, IMPORT_EXAMPLES)


# --- every portal form ------------------------------------------------------------------

# The URL showing a form → who fills it in, the model it writes, how many of them an
# accepted submission writes (0: it changes a record, or writes another kind).
PORTAL_FORMS = {
    "my_profile": ("volunteer", get_user_model(), 0),
    "team_create": ("coordinator", Team, 1),
    "team_edit": ("leader", Team, 0),
    "team_invite": ("leader", Invitation, 1),
    "person_invite": ("coordinator", Invitation, 1),
    "device_intake": ("volunteer", Device, 1),
    "device_check": ("volunteer", SpecCheck, 1),
    "device_repair": ("volunteer", Repair, 1),
    "device_sale": ("volunteer", Sale, 1),
    # One record per device: once accepted, the next example is refused in words.
    "device_wipe": ("volunteer", DataWipe, 1),
    # Each example's report is a capture of its own (tests/security/attack.py: files_for).
    "device_snapshot_upload": ("volunteer", HardwareSnapshot, 1),
    "fund_ledger": ("coordinator", FundEntry, 1),
    # A statement accepted is kept (its credits are posted by a task, counted elsewhere).
    "fund_reconcile": ("coordinator", BankStatement, 1),
    "standard_edit": ("program_coordinator", SpecStandard, 1),
    "area_standard_edit": ("coordinator", SpecStandard, 1),
    # The commune's target set beforehand: sending it again only changes it.
    "area_target_edit": ("coordinator", AreaTarget, 0),
    "student_propose": ("teacher", Student, 1),
    "student_import": ("teacher", StudentImport, 1),
    "student_edit": ("teacher", Student, 0),
    "handover_create": ("leader", Handover, 1),
    "handover_return": ("leader", Handover, 0),
    "follow_up_record": ("leader", FollowUp, 0),
    "training_create": ("leader", TrainingSession, 1),
    "offer_step": ("leader", Offer, 0),
    "offer_route": ("coordinator", Offer, 0),
    "offer_receive": ("leader", Offer, 0),
    "support_file": ("volunteer", SupportRequest, 1),
    "support_assign": ("leader", SupportRequest, 0),
    "support_action": ("leader", SupportNote, 1),
    "commendation_list": ("coordinator", Commendation, 1),
    "report_list": ("coordinator", Report, 1),
    # Places however many records wait (then none): counted in tests/portal/test_areas_map.py;
    # here, that no commune is ever made or lost.
    "placements": ("coordinator", Area, 0),
}
# Kept as typed, with the example's number, so each accepted example is a new record: a
# pupil already on the list is not added twice, an unchanged standard makes no version, an
# address already invited gets its invitation again.
FIXED = {
    "student_propose": {"full_name": "Nguyễn Thị Thử {n}"},
    "standard_edit": {"note": "Sửa lần {n}"},
    "area_standard_edit": {"note": "Sửa lần {n}"},
    "team_invite": {"email": "moi.{n}@example.vn"},
    "person_invite": {"email": "moi.{n}@example.vn"},
}


@pytest.mark.parametrize("name", list(PORTAL_FORMS))
def test_a_portal_form_never_fails_whatever_is_sent(fuzzing_client, objects, request, name):  # noqa: F811
    role, model, per_accepted = PORTAL_FORMS[name]
    target = objects("own", MATRIX[name].target) if MATRIX[name].target else None
    for fixture in ("leader", "volunteer"):
        request.getfixturevalue(fixture)
    if name in PREPARE:
        PREPARE[name](request.getfixturevalue("coordinator"), target)
    sign_in(fuzzing_client, request, role)
    tally = Tally(name, counts_records=True)

    fuzz_form(
        fuzzing_client,
        tally,
        portal_url(name, target),
        model=model,
        per_accepted=per_accepted,
        examples=PORTAL_EXAMPLES,
        fixed=FIXED.get(name),
    )

    assert_counted(tally, PORTAL_EXAMPLES)


def test_every_portal_page_with_a_form_is_fuzzed(client, objects, request):  # noqa: F811
    """A page that gains a form must join PORTAL_FORMS (a form posted from another page is
    an action, fuzzed by test_every_url). Each page is opened as the role its form is
    fuzzed as, or as the first role allowed on it."""
    request.getfixturevalue("leader")
    with_forms, built = set(), {None: None}  # one object of each kind serves every URL
    for name, spec in MATRIX.items():
        if spec.method != "GET":
            continue
        # (A page nobody in the matrix may open, such as the program-wide standard's, is
        # opened as the role its form is fuzzed as.)
        role = PORTAL_FORMS[name][0] if name in PORTAL_FORMS else sorted(spec.own)[0]
        # A follow-up comes with a handover of its own: built for the other team, whose
        # pages the coordinator opens (one pupil cannot be handed a device twice).
        side = "other" if spec.target == "follow_up" else "own"
        if spec.target not in built:
            built[spec.target] = objects(side, spec.target)
        path = portal_url(name, built[spec.target])
        sign_in(client, request, "coordinator" if side == "other" else role)
        response = client.get(path)
        if response.get("Content-Type", "").startswith("text/html"):
            forms = forms_on(response.content.decode())
            if any(f.method == "post" and f.action in ("", path) for f in forms):
                with_forms.add(name)

    assert with_forms == set(PORTAL_FORMS)
