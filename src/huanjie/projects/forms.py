from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.projects.funding import FUND_MATTERS
from huanjie.projects.models import Funding, Phase, ReelectionConsent
from huanjie.roster.models import Community
from huanjie.voting.models import Contest, ContestKind


class MotionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Contest) -> str:
        return f"{obj.assembly.title} · {obj.title}"


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=120)
    scope = forms.CharField(label=_("实施范围和内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    budget = forms.DecimalField(label=_("预算（元）"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    funding = forms.ChoiceField(label=_("资金来源"), choices=Funding.choices)
    motion = MotionChoice(label=_("业主大会表决事项（使用维修资金时必填）"), queryset=Contest.objects.none(),
                          required=False)
    contractor = forms.CharField(label=_("施工单位"), max_length=120, required=False)
    changes_manager = forms.BooleanField(label=_("选聘或解聘物业服务企业"), required=False)
    by_sitting_committee = forms.BooleanField(label=_("由现任业主委员会决定"), required=False, initial=True)
    consent = forms.ModelChoiceField(label=_("街道同意记录（换届期间的维修资金或物业企业事项）"),
                                     queryset=ReelectionConsent.objects.none(), required=False)

    def __init__(self, *args: object, community: Community, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["motion"].queryset = (  # type: ignore[attr-defined]
            Contest.objects.filter(community=community, kind=ContestKind.MOTION, matter__in=FUND_MATTERS)
            .select_related("assembly"))
        self.fields["consent"].queryset = ReelectionConsent.objects.filter(community=community)  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    subject = forms.CharField(label=_("同意的事项（如“使用维修资金更换3号楼电梯”）"), max_length=200)
    reason = forms.CharField(label=_("同意的理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点"), max_length=120)
    due_on = forms.DateField(label=_("计划日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class DayForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("进度（%）"), min_value=0, max_value=100)


class PhotoForm(forms.Form):
    phase = forms.ChoiceField(label=_("拍摄时点"), choices=Phase.choices)
    caption = forms.CharField(label=_("位置说明（前后同一位置请填相同说明）"), max_length=120)
    photo = forms.FileField(label=_("照片（JPEG、PNG、WebP，5 MB 以内）"),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))


class LinkDemandForm(forms.Form):
    number = forms.IntegerField(label=_("诉求编号"), min_value=1)
