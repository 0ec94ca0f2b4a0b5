from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import AreaSource


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("名册文件"),
        help_text=_("CSV 或 Excel（.xlsx）文件，UTF-8 或 GBK 编码均可。"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    area_source = forms.ChoiceField(
        label=_("面积来源（文件未写明时）"), required=False,
        choices=[("", _("文件未写明时记为“未注明”")), (AreaSource.REGISTER, AreaSource.REGISTER.label),
                 (AreaSource.SURVEY, AreaSource.SURVEY.label), (AreaSource.CONTRACT, AreaSource.CONTRACT.label)],
        help_text=_("名册只写“建筑面积”“面积”时，请选择这些面积来自不动产登记簿、实测面积还是买卖合同"
                    "（《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第八条）。"
                    "文件有“面积来源”列或面积列写明“实测面积”等的，以文件为准。"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
