from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huanjie.notices.models import Channel, Notice
from huanjie.roster.models import Community, Unit


class NoticeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Notice
        fields = ["kind", "title", "body", "issuer", "period_days", "event_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "event_on": forms.DateInput(attrs={"type": "date"})}


class NoticeTextForm(forms.ModelForm):  # type: ignore[type-arg]
    """Editing a draft: the kind stays what it was created as."""

    class Meta:
        model = Notice
        fields = ["title", "body", "issuer", "period_days", "event_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12}), "event_on": forms.DateInput(attrs={"type": "date"})}


class PostingForm(forms.Form):
    channel = forms.ChoiceField(label=_("渠道"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    location = forms.CharField(label=_("张贴位置"), max_length=120,
                               help_text=_("如：3号楼大堂电梯厅、小区东门公告栏、业主一群"))
    posted_at = forms.DateTimeField(label=_("张贴时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    initial=timezone.localtime)
    photo = forms.FileField(label=_("现场照片"), required=False)


def _subject_choices(notice: Notice) -> list[tuple[str, str]]:
    subjects = notice.table.get("subjects", []) if isinstance(notice.table, dict) else []
    return [("", _("整份公示"))] + [(f"{s['type']}:{s['id']}", str(s["label"])) for s in subjects]


class ObjectionForm(forms.Form):
    subject = forms.ChoiceField(label=_("对哪一项有异议"), required=False)
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    evidence = forms.FileField(label=_("证据材料（照片或PDF，可不传）"), required=False)

    def __init__(self, *args: Any, notice: Notice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["subject"].choices = _subject_choices(notice)

    def subject_label(self) -> str:
        value = self.cleaned_data.get("subject") or ""
        return dict(_subject_choices(self.notice)).get(value, "") if value else ""


class StaffObjectionForm(ObjectionForm):
    """A paper objection recorded by staff: who raised it and from which unit."""

    objector_name = forms.CharField(label=_("异议人姓名"), max_length=60)
    unit_code = forms.CharField(label=_("异议人房号"), max_length=50)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        self.order_fields(["objector_name", "unit_code", "subject", "text", "evidence"])

    def clean_unit_code(self) -> Unit:
        code = self.cleaned_data["unit_code"].strip()
        unit = Unit.objects.filter(community=self.community, code=code).first()
        if unit is None:
            raise forms.ValidationError(_("本小区名册中没有房号“%(code)s”。"), params={"code": code})
        return unit


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("处理意见（将答复异议人）"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由（将显示在网上公示页）"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class RosterNoticeForm(forms.Form):
    rules_text = forms.CharField(label=_("表决规则（可修改措辞）"), widget=forms.Textarea(attrs={"rows": 8}),
                                 max_length=4000)
    period_days = forms.IntegerField(label=_("公示期（天）"), min_value=1, max_value=60, initial=7)
    event_on = forms.DateField(label=_("业主大会会议日期（已确定的填写）"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


ASSEMBLY_FORMS = [(label, label) for label in (
    _("书面征求意见"), _("书面征求意见（纸质表决票与网上投票相结合）"), _("集体讨论（现场会议）"))]


class ElectionNoticeForm(forms.Form):
    voting_from = forms.DateTimeField(label=_("投票开始时间"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    voting_until = forms.DateTimeField(label=_("投票截止时间"),
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("投票及开箱计票地点"), max_length=200)
    form = forms.CharField(label=_("会议形式"), max_length=60, widget=forms.TextInput(attrs={"list": "assembly-forms"}),
                           help_text=_("如：书面征求意见（纸质表决票与网上投票相结合）"))
    agenda = forms.CharField(label=_("会议议题（每行一项）"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("voting_from"), data.get("voting_until")
        if start and end and end <= start:
            self.add_error("voting_until", _("投票截止时间应晚于开始时间。"))
        return data

    def agenda_items(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip())
