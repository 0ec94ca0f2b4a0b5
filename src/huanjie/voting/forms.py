from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from huanjie.candidates.selectors import FinalList, ListDifference, compare_with_final_list
from huanjie.rules import Answer
from huanjie.voting.models import (
    Assembly,
    AssemblyForm,
    BallotBox,
    Contest,
    ContestKind,
    Duty,
    EntityJoin,
    InvalidReason,
    PaperMode,
    Precedence,
    WriteIn,
)

ANSWER_CHOICES = [(Answer.YES.value, _("同意")), (Answer.NO.value, _("反对")), (Answer.ABSTAIN.value, _("弃权"))]
LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PAPER_MODE_HELP = _("默认每个投票主体（同一业主的全部房屋）一张票；选每个专有部分一张票时，"
                    "同一业主的几张票意见不一致的，各房屋面积按各自的票计算，人数只在各票一致时计入。"
                    "开始投票、制发表决票后不能再更改。")


class AssemblyCreateForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=120, initial=_("第二届业主委员会选举业主大会"))
    form = forms.ChoiceField(label=_("会议形式"), choices=AssemblyForm.choices)
    opens_at = forms.DateTimeField(label=_("投票开始时间"), widget=LOCAL_DATETIME)
    closes_at = forms.DateTimeField(label=_("投票截止时间"), widget=LOCAL_DATETIME)
    counting_place = forms.CharField(label=_("开箱计票地点"), max_length=200, required=False)
    revote_allowed = forms.BooleanField(label=_("允许改投（议事规则另有规定时才勾选）"), required=False)
    precedence = forms.ChoiceField(label=_("同一户既网上投票又交纸质票时"), choices=Precedence.choices)
    proxy_cap = forms.IntegerField(label=_("每位受托人最多代投几户"), min_value=1, max_value=50, initial=3)
    # Not given (an older form, a script): per voting entity, the default.
    paper_mode = forms.TypedChoiceField(label=_("表决票发放方式"), choices=PaperMode.choices, required=False,
                                        initial=PaperMode.PER_ENTITY, empty_value=PaperMode.PER_ENTITY,
                                        help_text=PAPER_MODE_HELP)


class PaperModeForm(forms.Form):
    """The assembly's 表决票发放方式, changeable until the papers are issued (when voting opens)."""

    paper_mode = forms.ChoiceField(label=_("表决票发放方式"), choices=PaperMode.choices, widget=forms.RadioSelect,
                                   help_text=PAPER_MODE_HELP)


class CountRulesForm(forms.Form):
    """The count's settings (spec/tally.md v2), changeable while the assembly is being prepared."""

    join = forms.ChoiceField(
        label=_("同一买受人的认定（《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第九条）"),
        choices=EntityJoin.choices,
        widget=forms.RadioSelect,
        help_text=_("法律规定同一买受人拥有多套房屋的按一人计算：默认只合并业主完全相同的房屋。"
                    "“有共同业主即合并”须业主大会议事规则有此规定。"))  # fmt: skip
    write_in = forms.ChoiceField(
        label=_("表决票上填写了非候选人的姓名"), choices=WriteIn.choices, widget=forms.RadioSelect,
        help_text=_("先看同意人数是否超过限额（所填姓名都算在内），超过的该事项选择无效；"
                    "未超过的，默认只是该姓名不计。"))  # fmt: skip
    basis = forms.CharField(label=_("依据（选择非默认方式时必填，例如：本小区业主大会议事规则第十二条）"),
                            max_length=300, required=False)


class ContestForm(forms.Form):
    spec_id = forms.SlugField(label=_("计票文件中的列名（选填，不填自动生成）"), max_length=40, required=False,
                              help_text=_("只在导出的计票文件中使用，一般不用填写。"))
    kind = forms.ChoiceField(label=_("类型"), choices=ContestKind.choices)
    matter = forms.ChoiceField(label=_("事项（《民法典》第二百七十八条）"),
                               choices=Contest._meta.get_field("matter").choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    seats = forms.IntegerField(label=_("应选人数"), min_value=1, max_value=21, required=False)
    max_choices = forms.IntegerField(label=_("每票最多同意人数（默认等于应选人数）"), min_value=1, required=False)
    candidates = forms.CharField(label=_("候选人（每行一人，按选票顺序）"), widget=forms.Textarea(attrs={"rows": 5}),
                                 required=False)
    confirm_mismatch = forms.BooleanField(label=_("与正式候选人名单不一致，确认按此填写"), required=False)

    def __init__(self, *args: Any, final_list: FinalList | None = None, **kwargs: Any) -> None:
        """`final_list`: the re-election's confirmed final candidate list, which an election contest takes."""
        super().__init__(*args, **kwargs)
        self.final_list = final_list
        self.differences: list[ListDifference] = []
        if final_list is None:
            del self.fields["confirm_mismatch"]
            self.final_list_note = _("尚未确定正式候选人名单，请逐行填写候选人（不经候选人环节的小区也可直接填写）。")
        else:
            self.fields["candidates"].initial = "\n".join(final_list.names)
            day = final_list.decided_on
            self.final_list_note = _("已按正式候选人名单填入（%(n)s人，确定于%(year)s年%(month)s月%(day)s日）") % {
                "n": len(final_list.names), "year": day.year, "month": day.month, "day": day.day}

    def candidate_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["candidates"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        """An election contest lists the final candidates as they are, unless the user confirms otherwise."""
        data = super().clean()
        if self.final_list is None or data.get("kind") != ContestKind.ELECTION or "candidates" not in data:
            return data
        self.differences = compare_with_final_list(self.candidate_list(), self.final_list.names)
        if self.differences and not data.get("confirm_mismatch"):
            self.add_error("candidates", [
                *(ValidationError(_("与正式候选人名单不一致：%(difference)s。") % {"difference": d})
                  for d in self.differences),
                ValidationError(_("如确需按此填写，请勾选“与正式候选人名单不一致，确认按此填写”。"))])
        return data

    @property
    def departs_from_final_list(self) -> bool:
        """The names differ from the final list and the user confirmed them (the audit records it)."""
        return bool(self.differences) and bool(self.cleaned_data.get("confirm_mismatch"))


class VotingCodeForm(forms.Form):
    code = forms.CharField(label=_("表决码"), max_length=20, help_text=_("印在表决票右上角，例如 ABCD-2345"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    phone_last4 = forms.RegexField(label=_("手机号后四位"), regex=r"^\d{4}$", max_length=4,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                   error_messages={"invalid": _("请输入业主名册登记手机号的后四位数字。")})


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("回执码"), max_length=20,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))


class BallotForm(forms.Form):
    """The ballot: 同意 boxes per candidate, 同意/反对/弃权 per motion.

    Online (`paper=False`) the max-choices rule is checked here. For tellers (`paper=True`) the
    form takes what is written, over-votes and written-in names included, and whether the paper
    is valid: the count judges the rest (spec/tally.md rule 5).
    """

    def __init__(self, *args: Any, contests: list[Contest], paper: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contests, self.paper = contests, paper
        for contest in contests:
            if contest.is_election:
                self.fields[contest.spec_id] = forms.MultipleChoiceField(
                    label=contest.title, required=False, widget=forms.CheckboxSelectMultiple,
                    choices=[(name, name) for name in contest.candidates],
                    help_text=_("最多同意 %(n)s 人") % {"n": contest.choice_limit})
                if paper:
                    self.fields[f"{contest.spec_id}__written"] = forms.CharField(
                        label=_("另写的姓名（用分号隔开）"), required=False, max_length=200)
            else:
                self.fields[contest.spec_id] = forms.ChoiceField(
                    label=contest.title, choices=ANSWER_CHOICES, widget=forms.RadioSelect,
                    required=not paper, initial=None if not paper else Answer.ABSTAIN.value)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.paper:
            for contest in self.contests:
                chosen = data.get(contest.spec_id) or []
                if contest.is_election and len(chosen) > contest.choice_limit:
                    self.add_error(contest.spec_id, _("最多同意 %(limit)s 人，您选了 %(n)s 人。")
                                   % {"limit": contest.choice_limit, "n": len(chosen)})
        return data

    def choices(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for contest in self.contests:
            value = self.cleaned_data.get(contest.spec_id)
            if contest.is_election:
                out[contest.spec_id] = list(value or []) + [self.cleaned_data.get(f"{contest.spec_id}__written", "")]
            else:
                out[contest.spec_id] = value or Answer.ABSTAIN.value
        return out

    def contest_fields(self) -> list[tuple[Contest, Any, Any]]:
        return [(c, self[c.spec_id], self[f"{c.spec_id}__written"] if self.paper and c.is_election else None)
                for c in self.contests]


class TellerForm(BallotForm):
    serial = forms.CharField(label=_("表决票编号"), max_length=20)
    box = forms.ModelChoiceField(label=_("票箱"), queryset=BallotBox.objects.none(), empty_label=None)
    valid = forms.TypedChoiceField(label=_("票面"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                   choices=[("yes", _("有效")), ("no", _("无效"))], initial="yes")
    invalid_reason = forms.ChoiceField(label=_("无效原因"), required=False,
                                       choices=[("", "—"), *InvalidReason.choices])

    def __init__(self, *args: Any, assembly: Assembly, advice: str | None = None, **kwargs: Any) -> None:
        """`advice`: what to do first when no box is open (then "required" would say nothing useful)."""
        super().__init__(*args, contests=list(assembly.contests.all()), paper=True, **kwargs)
        self.fields["box"].queryset = assembly.boxes.filter(status="opened")  # type: ignore[attr-defined]
        if advice:
            self.fields["box"].error_messages["required"] = advice
        self.order_fields(["serial", "box", "valid", "invalid_reason"])


class ResolveForm(BallotForm):
    valid = forms.TypedChoiceField(label=_("票面"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                   choices=[("yes", _("有效")), ("no", _("无效"))], initial="yes")
    invalid_reason = forms.ChoiceField(label=_("无效原因"), required=False,
                                       choices=[("", "—"), *InvalidReason.choices])
    resolution = forms.CharField(label=_("核对说明（谁在哪些监票人面前核对了原票，结论如何）"), max_length=300,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        """Its initial data are what both tellers entered alike (`huanjie.voting.readings.agreed`): a
        motion they read differently starts unchosen, not as 弃权, and must be chosen."""
        super().__init__(*args, contests=list(assembly.contests.all()), paper=True, **kwargs)
        self.fields["valid"].initial = None
        for contest in self.contests:
            if not contest.is_election:
                self.fields[contest.spec_id].initial = None
        self.order_fields(["valid", "invalid_reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("valid"):
            for contest in self.contests:
                if not contest.is_election and not data.get(contest.spec_id):
                    self.add_error(contest.spec_id, _("请对照原票选择“同意”“反对”或“弃权”。"))
        return data


class OfficialForm(forms.Form):
    duty = forms.ChoiceField(label=_("职责"), choices=Duty.choices)
    name = forms.CharField(label=_("姓名"), max_length=60)
    unit = forms.CharField(label=_("房号（业主填写本人房号；非业主不填）"), max_length=40, required=False)


class SealBoxForm(forms.Form):
    label = forms.CharField(label=_("票箱名称"), max_length=60, initial=_("1号票箱"))
    seal_number = forms.CharField(label=_("封条编号"), max_length=60)
    sealed_before = forms.CharField(label=_("见证封箱的监票人"), max_length=200)


class OpenBoxForm(forms.Form):
    box = forms.ModelChoiceField(label=_("票箱"), queryset=BallotBox.objects.none(), empty_label=None)
    opened_before = forms.CharField(label=_("见证开箱的监票人"), max_length=200)
    seal_intact = forms.BooleanField(label=_("封条完好"), required=False, initial=True)

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["box"].queryset = assembly.boxes.filter(status="sealed")  # type: ignore[attr-defined]
