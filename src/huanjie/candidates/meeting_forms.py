"""Forms of the candidates' meeting: schedule, sign-in, questions, answers, minutes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.candidates.forms import UNIT_SPLIT
from huanjie.candidates.models import Candidate, QuestionSource
from huanjie.roster.models import Community, Unit


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("会议时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("会议地点"), max_length=120, help_text=_("如：居委会二楼会议室"))
    host = forms.CharField(label=_("主持人"), max_length=60, help_text=_("如：居民区党总支书记 吴某某"))


def _candidate_choices(candidates: list[Candidate]) -> list[tuple[str, str]]:
    return [("", _("全体候选人"))] + [(str(c.pk), c.name) for c in candidates]


class OwnerQuestionForm(forms.Form):
    to_candidate = forms.ChoiceField(label=_("向谁提问"), required=False)
    text = forms.CharField(label=_("您的问题"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.pk): c for c in candidates}
        self.fields["to_candidate"].choices = _candidate_choices(candidates)

    def candidate(self) -> Candidate | None:
        return self.candidates.get(self.cleaned_data.get("to_candidate") or "")


class StaffQuestionForm(OwnerQuestionForm):
    """A question asked at the meeting, or handed in on paper before it."""

    asker_name = forms.CharField(label=_("提问人"), max_length=60)
    unit_code = forms.CharField(label=_("提问人房号（可不填）"), max_length=50, required=False)
    source = forms.ChoiceField(label=_("来源"), initial=QuestionSource.AT_MEETING,
                               choices=[c for c in QuestionSource.choices if c[0] != QuestionSource.ADVANCE_ONLINE])

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        self.order_fields(["asker_name", "unit_code", "source", "to_candidate", "text"])

    def clean_unit_code(self) -> Unit | None:
        code = self.cleaned_data["unit_code"].strip()
        if not code:
            return None
        unit = Unit.objects.filter(community=self.community, code=code).first()
        if unit is None:
            raise forms.ValidationError(_("本小区名册中没有房号“%(code)s”。"), params={"code": code})
        return unit


class SignInForm(forms.Form):
    codes = forms.CharField(label=_("签到房号（用逗号、空格或换行分隔）"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community

    def clean_codes(self) -> list[Unit]:
        codes = [c for c in UNIT_SPLIT.split(self.cleaned_data["codes"]) if c]
        units = {u.code: u for u in Unit.objects.filter(community=self.community, code__in=codes)}
        missing = [c for c in codes if c not in units]
        if missing:
            raise forms.ValidationError(_("本小区名册中没有这些房号，全部未登记：%(codes)s"),
                                        params={"codes": "、".join(missing)})
        return list(dict.fromkeys(units[c] for c in codes))


class AnswerForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("回答要点"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    recorder = forms.CharField(label=_("记录人"), max_length=60)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("会议概况、候选人发言要点、业主主要意见；存档后不能再改。"))
