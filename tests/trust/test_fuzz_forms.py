"""Hypothesis fuzzing of every form: is_valid() never raises, and a refused form writes nothing.

FORMS lists every Django form class of src/ (a test fails when a new one appears that is not
in the list). Each is built on the 五月花 demo (the permission matrix's world) with whatever its
constructor needs (community, recruitment, assembly, … looked up by parameter name), and bound
to random data drawn field by field from its own fields: text with control characters and
10,000-character strings, numbers at and past their bounds, impossible dates, unknown choices,
several values where one is expected, files of random bytes. Each example runs in a savepoint
that is rolled back.

test_fuzz_views.py then posts the same kind of data through the views that save these forms.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from huanjie.audit.models import AuditRecord
from huanjie.candidates.models import Candidate, Criterion, Recruitment
from huanjie.notices.models import Notice
from huanjie.training.models import Course, Trainee
from huanjie.voting.models import Assembly
from tests.trust.fuzz_strategies import (
    TEXT,
    Tally,
    fuzz_report,  # noqa: F401  (prints the examples run)
    fuzz_settings,
)
from tests.trust.test_permission_matrix import world  # noqa: F401  (the module's fixture)

SRC = Path(__file__).resolve().parents[2] / "src"

# Every form class of src/, by module and name. A new form fails test_every_form_class_is_fuzzed
# until it is added here (and the fuzz below can build it: see CONSTRUCTOR_ARGS).
FORMS = frozenset({
    "huanjie.accounts.forms.ConfirmEnrolmentForm", "huanjie.accounts.forms.DisableTwoFactorForm",
    "huanjie.accounts.forms.OwnerSignInForm", "huanjie.accounts.forms.SecondStepForm",
    "huanjie.accounts.forms.ThrottledAuthenticationForm", "huanjie.accounts.forms.TwoFactorAdminAuthenticationForm",
    "huanjie.charter.forms.DocumentForm",
    "huanjie.candidates.forms.AllMetForm", "huanjie.candidates.forms.CheckForm", "huanjie.candidates.forms.CosignForm",
    "huanjie.candidates.forms.CriterionForm", "huanjie.candidates.forms.PanelistForm",
    "huanjie.candidates.forms.PaperNominationForm", "huanjie.candidates.forms.ProfileForm",
    "huanjie.candidates.forms.ReasonForm", "huanjie.candidates.forms.ScheduleForm",
    "huanjie.candidates.forms.ScoreForm", "huanjie.candidates.forms.SelfNominationForm",
    "huanjie.candidates.forms.SettingsForm", "huanjie.candidates.forms.UncontestedForm",
    "huanjie.candidates.meeting_forms.AnswerForm", "huanjie.candidates.meeting_forms.MeetingForm",
    "huanjie.candidates.meeting_forms.MinutesForm", "huanjie.candidates.meeting_forms.OwnerQuestionForm",
    "huanjie.candidates.meeting_forms.SignInForm", "huanjie.candidates.meeting_forms.StaffQuestionForm",
    "huanjie.holidays.forms.EnterYearForm",
    "huanjie.office.forms.AccountForm", "huanjie.office.forms.CommunityForm", "huanjie.office.forms.GrantForm",
    "huanjie.office.forms.PersonForm", "huanjie.office.forms.ReelectionForm", "huanjie.office.forms.StreetOfficeForm",
    "huanjie.ledgers.owner_views.OwnerDemandForm",
    "huanjie.letters.forms.IssueForm", "huanjie.letters.forms.LetterDeliveryForm", "huanjie.letters.forms.ReissueForm",
    "huanjie.contingency.forms.CheckForm", "huanjie.contingency.forms.IncidentForm",
    "huanjie.contingency.forms.PlanForm", "huanjie.contingency.forms.RiskForm",
    "huanjie.handover.forms.ItemForm", "huanjie.handover.forms.OpenForm", "huanjie.handover.forms.SignForm",
    "huanjie.jointoffice.forms.DutyForm", "huanjie.jointoffice.forms.FinishForm",
    "huanjie.jointoffice.forms.MatterForm", "huanjie.jointoffice.forms.MinutesForm",
    "huanjie.ledgers.forms.AnswerForm", "huanjie.ledgers.forms.AssignForm", "huanjie.ledgers.forms.CategoryForm",
    "huanjie.ledgers.forms.DemandForm", "huanjie.ledgers.forms.DuplicateForm", "huanjie.ledgers.forms.FollowUpForm",
    "huanjie.ledgers.forms.PhotoForm", "huanjie.ledgers.forms.ReopenForm",
    "huanjie.notices.forms.DecisionForm", "huanjie.notices.forms.ElectionNoticeForm",
    "huanjie.notices.forms.NoticeForm", "huanjie.notices.forms.NoticeTextForm", "huanjie.notices.forms.ObjectionForm",
    "huanjie.notices.forms.PostingForm", "huanjie.notices.forms.RosterNoticeForm",
    "huanjie.notices.forms.StaffObjectionForm", "huanjie.notices.forms.WithdrawForm",
    "huanjie.personaldata.forms.ConfirmOwnerForm", "huanjie.personaldata.forms.RetentionForm",
    "huanjie.projects.forms.ConsentForm",
    "huanjie.projects.forms.DayForm", "huanjie.projects.forms.LinkDemandForm", "huanjie.projects.forms.MilestoneForm",
    "huanjie.projects.forms.PhotoForm", "huanjie.projects.forms.ProgressForm", "huanjie.projects.forms.ProjectForm",
    "huanjie.reelection.forms.AssemblyForm", "huanjie.reelection.forms.StageDoneForm",
    "huanjie.roster.forms.RosterUploadForm",
    "huanjie.training.forms.AttendanceForm", "huanjie.training.forms.CourseForm",
    "huanjie.training.forms.MaterialForm", "huanjie.training.forms.SessionForm", "huanjie.training.forms.TraineeForm",
    "huanjie.visits.forms.VisitForm",
    "huanjie.voting.forms.AssemblyCreateForm", "huanjie.voting.forms.BallotForm", "huanjie.voting.forms.ContestForm",
    "huanjie.voting.forms.CountRulesForm",
    "huanjie.voting.forms.OpenBoxForm", "huanjie.voting.forms.PaperModeForm", "huanjie.voting.forms.ReceiptForm",
    "huanjie.voting.forms.ResolveForm",
    "huanjie.voting.forms.OfficialForm",
    "huanjie.voting.forms.SealBoxForm", "huanjie.voting.forms.TellerForm", "huanjie.voting.forms.VotingCodeForm",
    "huanjie.voting.forms_papers.DeliveryForm", "huanjie.voting.forms_papers.DoorCollectionForm",
    "huanjie.voting.forms_papers.PaperBallotForm", "huanjie.voting.forms_papers.ProxyBallotForm",
    "huanjie.voting.forms_papers.ProxyForm", "huanjie.voting.forms_papers.ReissueRequestForm",
    "huanjie.voting.forms_papers.CodeListRequestForm",
})
# Forms whose clean() records a failed try (login throttling): that write is their purpose.
WRITES_WHEN_REFUSED = frozenset({"huanjie.accounts.forms.ThrottledAuthenticationForm",
                                 "huanjie.accounts.forms.OwnerSignInForm"})
EXAMPLES_PER_FORM = 70


def form_modules() -> list[str]:
    """Every module of src/huanjie that imports django.forms (migrations aside)."""
    found = []
    for path in sorted((SRC / "huanjie").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        if "from django import forms" in text or "django.forms" in text:
            found.append(".".join(path.relative_to(SRC).with_suffix("").parts))
    return found


def form_classes() -> dict[str, type[forms.BaseForm]]:
    classes = {}
    for name in form_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__):
                classes[f"{value.__module__}.{value.__qualname__}"] = value
    return classes


def test_every_form_class_is_fuzzed():
    found = set(form_classes())
    assert found - FORMS == set(), "new form classes: add them to FORMS (and CONSTRUCTOR_ARGS if needed)"
    assert FORMS - found == set(), "form classes gone: take them out of FORMS"


# ---- building each form ----------------------------------------------------------------------------


def constructor_args(world: Any) -> dict[str, Any]:  # noqa: F811
    """What a form's constructor may ask for, by parameter name, from community A of the world."""
    a = world.a
    recruitment = Recruitment.objects.filter(community=a).first()
    assembly = Assembly.objects.filter(community=a, status="open").first() or Assembly.objects.filter(
        community=a).first()
    notice = Notice.objects.filter(community=a, objections__isnull=False).first()
    return {
        "community": a, "recruitment": recruitment, "notice": notice, "assembly": assembly,
        "units": list(a.units.order_by("code")[:40]), "joint_minimum": 3,
        "unit_ids": list(a.units.order_by("code").values_list("pk", flat=True)[:3]),
        "courses": Course.objects.filter(community=a), "criteria": list(Criterion.objects.filter(
            recruitment=recruitment)), "candidates": list(Candidate.objects.filter(community=a)[:10]),
        "contests": list(assembly.contests.all()), "trainees": Trainee.objects.filter(community=a),
        "request": RequestFactory().post("/accounts/login/"),
    }


def required_parameters(cls: type[forms.BaseForm]) -> list[str]:
    """Keyword-only parameters without a default of every __init__ along the class's ancestry."""
    names: list[str] = []
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is None or not klass.__module__.startswith("huanjie"):
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                names.append(parameter.name)
    return names


def build(cls: type[forms.BaseForm], args: dict[str, Any], data: Any = None, files: Any = None) -> forms.BaseForm:
    kwargs = {name: args[name] for name in required_parameters(cls)}
    if issubclass(cls, forms.ModelForm) and "instance" not in kwargs:
        model = cls._meta.model
        kwargs["instance"] = model.objects.filter(**_scope(model, args)).first()
    if "request" in inspect.signature(cls.__init__).parameters:
        kwargs["request"] = args["request"]
    if data is not None:
        kwargs.update(data=data, files=files)
    while True:
        try:
            return cls(**kwargs)
        except TypeError as error:  # a subclass passing its parent's parameter itself (TellerForm: contests)
            taken = re.search(r"multiple values for keyword argument '(\w+)'", str(error))
            if taken is None or taken.group(1) not in kwargs:
                raise
            del kwargs[taken.group(1)]


def _scope(model: Any, args: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in model._meta.get_fields()}
    return {"community": args["community"]} if "community" in names else {}


# ---- values for each field --------------------------------------------------------------------------

INTEGERS = st.one_of(
    st.integers(-(2**70), 2**70), st.sampled_from([0, -1, 1, 2**31, 2**31 - 1, 2**63, -(2**63) - 1, 10**400]),
).map(str) | st.sampled_from(["1.5", "1e3", "NaN", "Infinity", "-inf", "0x10", "１２", "٣", " 7 ", "+3", "--1"])
DECIMALS = INTEGERS | st.decimals(allow_nan=True, allow_infinity=True).map(str) | st.sampled_from(
    ["1e999999999", "-1e-999999999", "99999999999999999999.99", "0.001", "1,5", "sNaN"])
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()), st.datetimes().map(lambda d: d.isoformat(sep=" ")),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(["0000-00-00", "2026-02-30", "2026-13-01", "9999-12-31", "9999-12-31T23:59", "10000-01-01",
                     "0001-01-01", "0001-01-01T00:00", "2026-11-29T25:61", "2026/11/29", "2026年11月29日",
                     "1970-01-01T00:00:00+14:00", "2026-03-29T02:30"]),
)
BOOLEANS = st.sampled_from(["on", "true", "false", "1", "0", "", "yes", "no", "None"])
FILE_HEADS = [b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n", b"RIFF\x00\x00\x00\x00WEBP",
              b"PK\x03\x04", b"GIF89a", b"<svg xmlns='http://www.w3.org/2000/svg'>"]
FILE_NAMES = st.sampled_from(["照片.jpg", "a.png", "x.pdf", "x.docx", "x.xlsx", "evil.exe", "no-extension",
                              "../../etc/passwd", "长" * 200 + ".jpg", "a.JPG", ".jpg", "x.svg", "x.webp"])


@st.composite
def upload(draw: st.DrawFn) -> SimpleUploadedFile:
    content = draw(st.sampled_from(FILE_HEADS)) + draw(st.binary(max_size=64))
    return SimpleUploadedFile(draw(FILE_NAMES), content, content_type=draw(st.sampled_from(
        ["image/jpeg", "image/png", "application/pdf", "application/octet-stream", "text/plain", ""])))


def choice_values(field: forms.Field) -> list[str]:
    values: list[str] = []
    if isinstance(field, forms.ModelChoiceField):
        queryset = field.queryset
        if queryset is not None:
            key = field.to_field_name or "pk"
            values = [str(v) for v in queryset.values_list(key, flat=True)[:6]]
        return values
    for value, label in getattr(field, "choices", []):
        if isinstance(label, (list, tuple)):
            values.extend(str(v) for v, _ in label)
        else:
            values.append(str(value))
    return values


def field_values(field: forms.Field) -> st.SearchStrategy[list[Any]]:
    """One or more raw values as a browser (or an attacker) could send them for `field`."""
    if isinstance(field, forms.FileField):
        return st.lists(upload(), min_size=1, max_size=2)
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        choices = choice_values(field)
        base = (st.sampled_from(choices) | INTEGERS | TEXT) if choices else (INTEGERS | TEXT)
        if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
            return st.lists(base, max_size=5)
        return st.lists(base, min_size=1, max_size=2)
    if isinstance(field, forms.IntegerField):
        base = INTEGERS | TEXT
    elif isinstance(field, forms.DecimalField):
        base = DECIMALS | TEXT
    elif isinstance(field, (forms.DateField, forms.DateTimeField, forms.TimeField)):
        base = DATES | TEXT
    elif isinstance(field, forms.BooleanField):
        base = BOOLEANS | TEXT
    else:
        base = TEXT
    return st.lists(base, min_size=1, max_size=1) | st.lists(base, min_size=2, max_size=3)


@st.composite
def form_data(draw: st.DrawFn, form: forms.BaseForm) -> tuple[MultiValueDict, MultiValueDict]:
    data, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing field
        values = draw(field_values(field))
        key = form.add_prefix(name)
        (files if isinstance(field, forms.FileField) else data).setlist(key, values)
    if draw(st.integers(0, 9)) == 0:
        data.setlist(draw(TEXT), [draw(TEXT)])  # a field nobody asked for
    return data, files


# ---- the fuzz --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def args(world):  # type: ignore[no-untyped-def]  # noqa: F811
    return constructor_args(world)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_is_valid_never_raises_and_a_refused_form_writes_nothing(args, db, name):  # type: ignore[no-untyped-def]
    cls = form_classes()[name]
    blank = build(cls, args)
    tally = Tally(f"form: {name.removeprefix('huanjie.')}")

    @given(drawn=form_data(blank))
    @fuzz_settings(EXAMPLES_PER_FORM)
    def fuzz(drawn: tuple[MultiValueDict, MultiValueDict]) -> None:
        tally()
        data, files = drawn
        with transaction.atomic():
            audit = AuditRecord.objects.count()
            form = build(cls, args, data, files)
            valid = form.is_valid()
            if valid:
                assert isinstance(form.cleaned_data, dict)
            else:
                assert form.errors and form.errors.as_json()
                if name not in WRITES_WHEN_REFUSED:
                    assert AuditRecord.objects.count() == audit
            transaction.set_rollback(True)

    fuzz()
    tally.done()


def test_an_attendance_id_past_64_bits_is_refused_not_a_crash(args, db):  # type: ignore[no-untyped-def]
    """AttendanceForm's ModelMultipleChoiceField queried pk__in=[2**70]: OverflowError on SQLite (a 500)."""
    from huanjie.training.forms import AttendanceForm

    for huge in (str(2**70), f"-{2**70}", f" +{2**63} "):
        form = AttendanceForm(data={"present": [huge]}, trainees=args["trainees"])
        assert not form.is_valid() and "present" in form.errors
