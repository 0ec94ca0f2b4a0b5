"""The demo community's rules: its rules of procedure (with online voting, adopted in 2023) and its covenant."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.charter.models import DocumentKind
from huanjie.charter.services import Settings, add_document
from huanjie.roster.models import Community

RULES = """五月花生活广场业主大会议事规则（2023年修订版）
第一条 本规则依据《中华人民共和国民法典》《物业管理条例》《上海市住宅物业管理规定》制定。
第十二条 业主大会会议采用书面征求意见形式的，业主可以使用纸质表决票，也可以凭表决票上的表决码网上表决。
第十五条 业主人数按专有部分的数量计算；同一业主拥有一个以上专有部分的，按一人计算。
第二十条 业主委员会由五名委员组成。
"""
COVENANT = """五月花生活广场管理规约（2019年版）
第一条 业主应当按照规划用途使用物业，不得擅自改变房屋结构和外貌。
第八条 专项维修资金的使用按业主大会决定执行。
"""


def load_charter(community: Community, *, today: date) -> None:
    staff = get_user_model().objects.get(username="xiaozu")
    add_document(community=community, kind=DocumentKind.COVENANT, version="2019年版", adopted_on=date(2019, 5, 18),
                 adopted_by="首次业主大会第1项表决事项", upload=_text(COVENANT, "covenant.txt"), actor=staff,
                 today=today)
    add_document(community=community, kind=DocumentKind.RULES_OF_PROCEDURE, version="2023年修订版",
                 adopted_on=date(2023, 4, 22), adopted_by="2023年第一次业主大会第2项表决事项",
                 upload=_text(RULES, "rules.txt"), actor=staff, today=today,
                 settings=Settings(online_voting=True,
                                   online_voting_decision="2023年第一次业主大会第2项表决事项（议事规则第十二条）"))


def _text(text: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
