from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.models import Membership, Role
from huanjie.candidates.models import (
    Affiliation,
    AgeBand,
    Gender,
    NominationMethod,
    Panelist,
    Recruitment,
    Skill,
    SourceChannel,
    TimeAvailable,
    condition_label,
)
from huanjie.candidates.services.nominations import Profile
from huanjie.candidates.services.recruitment import committee_size_refusal, three_seat_basis
from huanjie.roster.models import Community, Owner, Unit
from huanjie.rules.committee import SMALL_COMMITTEE
from huanjie.rules.eligibility import (
    ARREARS_CONDITION,
    arrears_basis,
    arrears_condition,
    is_arrears_condition,
    required_conditions,
)


class ProfileForm(forms.Form):
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    age_band = forms.ChoiceField(label=_("年龄段"), choices=AgeBand.choices)
    occupation = forms.CharField(label=_("职业"), max_length=60)
    party_member = forms.BooleanField(label=_("中共党员"), required=False)
    skills = forms.MultipleChoiceField(label=_("专业特长"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    time_available = forms.ChoiceField(label=_("可投入时间"), choices=TimeAvailable.choices)
    statement = forms.CharField(label=_("参选陈述（为什么参选、打算做什么）"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 5}))
    consent = forms.BooleanField(
        label=_("本人同意在候选人公示中公开姓名、性别、年龄段、楼栋、职业、政治面貌和专业特长"), required=True)

    def profile(self) -> Profile:
        data = self.cleaned_data
        return Profile(gender=data["gender"], age_band=data["age_band"], occupation=data["occupation"].strip(),
                       party_member=data["party_member"], skills=list(data["skills"]),
                       time_available=data["time_available"], statement=data["statement"].strip())


def owner_choices(units: list[Unit]) -> list[tuple[str, str]]:
    return [(f"{u.pk}:{o.pk}", f"{o.name}（{u.code}）") for u in units for o in u.owners.all()]


class SelfNominationForm(ProfileForm):
    """An owner nominating themself online (or asking neighbours to co-sign): which unit, which owner."""

    owner = forms.ChoiceField(label=_("您是"))
    how = forms.ChoiceField(label=_("报名方式"), widget=forms.RadioSelect, initial=NominationMethod.SELF,
                            required=False)  # not chosen: 本人自荐

    def __init__(self, *args: Any, units: list[Unit], joint_minimum: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["owner", "how"])
        self.fields["owner"].choices = owner_choices(units)
        self.fields["how"].choices = [
            (NominationMethod.SELF, _("本人自荐")),
            (NominationMethod.JOINT, _("请业主联名推荐（需 %(n)s 户其他业主在网上联名后才算报名成功）")
             % {"n": joint_minimum}),
        ]

    def chosen(self) -> tuple[int, int]:
        unit_id, owner_id = self.cleaned_data["owner"].split(":")
        return int(unit_id), int(owner_id)


class CosignForm(forms.Form):
    owner = forms.ChoiceField(label=_("以哪套房屋的业主身份联名"))
    confirm = forms.BooleanField(label=_("本人确认推荐该业主为业委会委员候选人"), required=True)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices(units)

    def chosen(self) -> tuple[int, int]:
        unit_id, owner_id = self.cleaned_data["owner"].split(":")
        return int(unit_id), int(owner_id)


UNIT_SPLIT = re.compile(r"[\s,，、;；]+")


class PaperNominationForm(ProfileForm):
    """Staff entering a paper form: the nominee by unit and name, the method and where it came from."""

    unit_code = forms.CharField(label=_("被提名人房号"), max_length=50)
    name = forms.CharField(label=_("被提名人姓名"), max_length=60)
    method = forms.ChoiceField(label=_("提名方式"), choices=NominationMethod.choices)
    channel = forms.ChoiceField(label=_("来源渠道"), choices=SourceChannel.choices, initial=SourceChannel.PAPER_FORM)
    supporters = forms.CharField(label=_("联名业主房号（联名推荐时填写，用逗号或空格分隔）"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        self.order_fields(["unit_code", "name", "method", "channel", "supporters"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, name = (data.get("unit_code") or "").strip(), (data.get("name") or "").strip()
        if code and name:
            unit = Unit.objects.filter(community=self.community, code=code).first()
            if unit is None:
                self.add_error("unit_code", _("本小区名册中没有房号“%(code)s”。") % {"code": code})
            else:
                owner = Owner.objects.filter(community=self.community, ownerships__unit=unit, name=name).first()
                if owner is None:
                    self.add_error("name", _("房号 %(code)s 的登记业主中没有“%(name)s”，非业主不能被提名。")
                                   % {"code": code, "name": name})
                data["unit"], data["owner"] = unit, owner
        data["supporter_units"] = self._supporters(data)
        return data

    def _supporters(self, data: dict[str, Any]) -> list[Unit]:
        codes = [c for c in UNIT_SPLIT.split(data.get("supporters") or "") if c]
        units = {u.code: u for u in Unit.objects.filter(community=self.community, code__in=codes)}
        missing = [c for c in codes if c not in units]
        if missing:
            self.add_error("supporters", _("本小区名册中没有这些房号：%(codes)s") % {"codes": "、".join(missing)})
        return [units[c] for c in codes if c in units]


def condition_choices(recruitment: Recruitment) -> list[tuple[str, str]]:
    labels: list[tuple[str, str]] = []
    for key in required_conditions(len(recruitment.extra_conditions)):
        labels.append((key, condition_label(recruitment, key)))
    return labels


class CheckForm(forms.Form):
    condition = forms.ChoiceField(label=_("条件"))
    met = forms.TypedChoiceField(label=_("结论"), choices=[("1", _("符合")), ("0", _("不符合"))],
                                 coerce=lambda v: v == "1", widget=forms.RadioSelect)
    evidence = forms.CharField(label=_("核实依据（查阅了什么、向谁核实）"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reason = forms.CharField(label=_("不符合的理由（将告知本人）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    evidence_file = forms.FileField(label=_("证明材料（承诺书、缴费凭证等）"), required=False)

    def __init__(self, *args: Any, recruitment: Recruitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = condition_choices(recruitment)


class AllMetForm(forms.Form):
    """Every condition not yet confirmed, confirmed as met at once, with one evidence note."""

    evidence = forms.CharField(label=_("核实依据（查阅了什么、向谁核实）"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label=_("候选人签署的书面承诺书（书面承诺尚未核实时必须上传）"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由（将告知本人）"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(label=_("面试时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("面试地点"), max_length=120)


class PanelistForm(forms.Form):
    user = forms.ModelChoiceField(label=_("评审团成员账号"), queryset=get_user_model().objects.none())
    affiliation = forms.ChoiceField(label=_("所属方面"), choices=Affiliation.choices)

    def __init__(self, *args: Any, recruitment: Recruitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = Panelist.objects.filter(recruitment=recruitment).values("user_id")
        members = Membership.objects.filter(community_id=recruitment.community_id, role=Role.PANELIST) \
            .values("user_id")
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = get_user_model().objects.filter(pk__in=members).exclude(pk__in=taken).order_by("username")
        field.label_from_instance = lambda u: f"{u.get_full_name() or u.username}（{u.username}）"


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("评分项"), max_length=60)
    max_points = forms.IntegerField(label=_("满分"), min_value=1, max_value=100)
    weight = forms.DecimalField(label=_("权重"), min_value=0.01, max_digits=4, decimal_places=2, initial=1)


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    # Not in the current SH art. 20: offered as a condition the rules of procedure add, with their basis.
    arrears = forms.BooleanField(
        label=_("议事规则增设条件：无欠交物业服务费或专项维修资金且未改正的情形"), required=False,
        help_text=_("《上海市住宅物业管理规定》第二十条现行文本未列此项；业主大会议事规则或业主大会决定增设的，"
                    "勾选并写明依据。审查时核对被提名人名下全部房屋的欠费。"))
    arrears_basis = forms.CharField(label=_("增设欠费条件的依据（如：业主大会议事规则第十二条）"), max_length=120,
                                    required=False)
    extra_text = forms.CharField(label=_("业主大会增设的其他条件（每行一条）"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Recruitment
        fields = ["joint_minimum", "seats", "target_finance", "target_law", "target_buildings",
                  "target_each_gender", "target_street", "target_legal_expert", "target_owner_rep",
                  "pass_mark", "spread_limit", "small_committee_basis"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        extra = list(self.instance.extra_conditions)
        arrears = [text for text in extra if is_arrears_condition(text)]
        self.fields["extra_text"].initial = "\n".join(text for text in extra if not is_arrears_condition(text))
        self.fields["arrears"].initial = bool(arrears)
        self.fields["arrears_basis"].initial = arrears_basis(arrears[0]) if arrears else ""

    def clean(self) -> dict[str, Any]:
        """The committee size the law allows (huanjie.rules.committee.size_problem), before the service checks it."""
        data = super().clean() or {}
        seats = data.get("seats")
        if seats is not None:
            area = self.instance.community.building_area if self.instance.community_id else None
            basis = three_seat_basis(self.instance.community_id, data.get("small_committee_basis") or "") \
                if self.instance.community_id else ""
            if seats == SMALL_COMMITTEE:
                data["small_committee_basis"] = basis  # the rules of procedure's, when none was written
            reason = committee_size_refusal(seats=seats, building_area=area, basis=basis)
            if reason is not None:
                self.add_error("seats", reason)
        if data.get("arrears") and not (data.get("arrears_basis") or "").strip():
            self.add_error("arrears_basis", _("增设欠费条件须写明依据（议事规则的条款或业主大会的决定）。"))
        if any(line.strip().startswith(ARREARS_CONDITION) for line in (data.get("extra_text") or "").splitlines()):
            self.add_error("extra_text", _("欠费条件请用上面的勾选项增设，并写明依据。"))
        return data

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        others = [line.strip() for line in self.cleaned_data["extra_text"].splitlines() if line.strip()]
        values["extra_conditions"] = self._with_arrears(others)
        return values

    def _with_arrears(self, others: list[str]) -> list[str]:
        """The other conditions, with the arrears condition where it was (so its checks keep their key)."""
        if not self.cleaned_data["arrears"]:
            return others
        text = arrears_condition(self.cleaned_data["arrears_basis"])
        before = list(self.instance.extra_conditions)
        position = next((i for i, t in enumerate(before) if is_arrears_condition(t)), len(others))
        return [*others[:position], text, *others[position:]]


class UncontestedForm(forms.Form):
    """The working group's decision to elect from no more candidates than seats (等额或不足额), with its reason."""

    reason = forms.CharField(label=_("决定理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("例如：经两轮公开征集，符合条件并经评审的报名人不足；将印在候选人名单公示和"
                                         "召开业主大会公告上。"))


class ScoreForm(forms.Form):
    """One field per criterion, bounded by its maximum; the service checks the bounds again."""

    comment = forms.CharField(label=_("评语（可不填）"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name}（0–{criterion.max_points}）", min_value=0, max_value=criterion.max_points)
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])
        self.criteria = criteria

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
