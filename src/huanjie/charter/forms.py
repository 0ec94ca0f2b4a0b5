from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.charter.models import DocumentKind
from huanjie.roster.models import Community
from huanjie.voting.models import Assembly, EntityJoin, WriteIn


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("文件"), choices=DocumentKind.choices)
    version = forms.CharField(label=_("版本（如“2023年修订版”）"), max_length=40)
    adopted_on = forms.DateField(label=_("通过日期"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    adopted_by = forms.CharField(label=_("通过该版本的业主大会或决定（如“2023年第一次业主大会第2项表决事项”）"),
                                 max_length=200)
    assembly = forms.ModelChoiceField(label=_("本系统中的业主大会（如有）"), queryset=Assembly.objects.none(),
                                      required=False)
    file = forms.FileField(label=_("文本（PDF、Word 或 UTF-8 文本文件，20 MB 以内）"))
    online_voting = forms.BooleanField(label=_("议事规则采用网上表决"), required=False)
    online_voting_decision = forms.CharField(label=_("采用网上表决的决定（业主大会及表决事项）"), max_length=200,
                                             required=False)
    join = forms.ChoiceField(label=_("同一买受人的认定"), choices=EntityJoin.choices,
                             initial=EntityJoin.IDENTICAL_OWNERS)
    write_in = forms.ChoiceField(label=_("填写非候选人"), choices=WriteIn.choices, initial=WriteIn.IGNORE_NAME)
    small_committee = forms.BooleanField(label=_("业委会由三人组成（建筑面积不足一万平方米的小区）"),
                                         required=False)

    def __init__(self, *args: object, community: Community, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["assembly"].queryset = Assembly.objects.filter(community=community)  # type: ignore[attr-defined]
