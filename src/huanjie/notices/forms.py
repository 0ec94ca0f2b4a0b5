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
        fields = ["kind", "title", "body", "issuer", "period_days"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class NoticeTextForm(forms.ModelForm):  # type: ignore[type-arg]
    """Editing a draft: the kind stays what it was created as."""

    class Meta:
        model = Notice
        fields = ["title", "body", "issuer", "period_days"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


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
