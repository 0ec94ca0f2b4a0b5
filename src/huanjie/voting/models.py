"""表决: the owners' assembly, its contests, the frozen roster, ballot papers, ballots and custody.

One voice per voting entity is kept by the database itself. A paper is issued either per voting
entity (listing all its units, the default) or per unit (issue #4), never both in one assembly;
partial unique constraints allow at most one entity-wide paper per entity, a unit on at most one
paper, and at most one *counted* ballot per paper, whatever channel it came by. In the default
mode that is one counted ballot per entity (JI art. 9); per unit, each unit is covered once and
the count applies spec/tally.md rule 6 to an entity whose ballots disagree.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from huanjie.privacy import mask_phone
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community
from huanjie.rules import JoinRule, Matter, WriteInRule


class AssemblyForm(models.TextChoices):
    WRITTEN = "written", _("书面征求意见")
    IN_PERSON = "in_person", _("集体讨论（现场会议）")


class Precedence(models.TextChoices):
    """Which ballot counts when an owner votes twice (law.md: the election's settings must say)."""

    FIRST_RECEIVED = "first", _("先收到的票有效，后收到的作为重复票留存")
    PAPER = "paper", _("纸质票优先，网上票作为重复票留存")


class PaperMode(models.TextChoices):
    """表决票发放方式: one paper per voting entity listing all its units, or one paper per unit."""

    PER_ENTITY = "entity", _("每个投票主体一张票")
    PER_UNIT = "unit", _("每个专有部分一张票")


class EntityJoin(models.TextChoices):
    """同一买受人的认定 (JI art. 9; spec/tally.md `join`): identical owner sets by default; the
    transitive join only where the rules of procedure adopt it, with its basis recorded."""

    IDENTICAL_OWNERS = JoinRule.IDENTICAL_OWNERS.value, _("业主完全相同的多套房屋按一人计算")
    SHARED_OWNER = JoinRule.SHARED_OWNER.value, _("有共同业主的房屋（含经共有人间接相连的）合并按一人计算")


class WriteIn(models.TextChoices):
    """填写非候选人的处理 (spec/tally.md rule 5, `write_in`), after the over-vote check."""

    IGNORE_NAME = WriteInRule.IGNORE_NAME.value, _("非候选人姓名不计，所选候选人仍有效")
    VOID_CONTEST = WriteInRule.VOID_CONTEST.value, _("该表决事项的选择无效")


class AssemblyStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("投票结束，待计票")
    COUNTED = "counted", _("已计票")


class Assembly(models.Model):
    """业主大会: one vote of the owners, in writing or in person, with its voting window."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="assemblies")
    reelection = models.ForeignKey(Reelection, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="assemblies", verbose_name=_("换届改选"))
    title = models.CharField(_("会议名称"), max_length=120)
    form = models.CharField(_("会议形式"), max_length=16, choices=AssemblyForm.choices,
                            default=AssemblyForm.WRITTEN)
    opens_at = models.DateTimeField(_("投票开始时间"))
    closes_at = models.DateTimeField(_("投票截止时间"))
    counting_place = models.CharField(_("开箱计票地点"), max_length=200, blank=True)
    revote_allowed = models.BooleanField(_("允许改投"), default=False,
                                         help_text=_("默认不允许：表决票一经收到即为最终意见。"))
    precedence = models.CharField(_("重复投票的处理"), max_length=8, choices=Precedence.choices,
                                  default=Precedence.FIRST_RECEIVED)
    proxy_cap = models.PositiveSmallIntegerField(_("每位受托人最多代投"), default=3)
    # Fixed once the papers exist (they are issued when voting opens).
    paper_mode = models.CharField(_("表决票发放方式"), max_length=8, choices=PaperMode.choices,
                                  default=PaperMode.PER_ENTITY)
    # The count's settings (spec/tally.md v2): chosen while a draft, frozen with the roster. A
    # value other than the law's reading needs its basis, e.g. the rules of procedure's article.
    join = models.CharField(_("同一买受人的认定"), max_length=20, choices=EntityJoin.choices,
                            default=EntityJoin.IDENTICAL_OWNERS)
    write_in = models.CharField(_("填写非候选人"), max_length=20, choices=WriteIn.choices,
                                default=WriteIn.IGNORE_NAME)
    count_rules_basis = models.CharField(_("计票设置的依据"), max_length=300, blank=True)
    # The rules of procedure in force when the assembly was created: `join` and `write_in` are taken
    # from it, and owners vote online only where it adopts online voting (《物业管理条例》第十八条:
    # the rules of procedure settle how the assembly meets and votes). None: none on record then.
    rules_of_procedure = models.ForeignKey("charter.CharterDocument", on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("依据的议事规则"))
    online_voting = models.BooleanField(_("网上表决"), default=False)
    status = models.CharField(_("状态"), max_length=8, choices=AssemblyStatus.choices,
                              default=AssemblyStatus.DRAFT)
    # The frozen roster (law.md: later changes do not move the denominator).
    frozen_at = models.DateTimeField(_("名册冻结时间"), null=True, blank=True)
    eligible_headcount = models.PositiveIntegerField(_("应参与表决人数"), default=0)
    eligible_area = models.DecimalField(_("应参与表决专有部分面积"), max_digits=14, decimal_places=2, default=0)
    roster_sha256 = models.CharField(_("名册 SHA-256"), max_length=64, blank=True)
    roster_csv = models.TextField(_("冻结的名册（tally.md 格式）"), blank=True)
    # SHA-256 of the roster's SHA-256 and the count's settings (voting.snapshot.snapshot_text).
    snapshot_sha256 = models.CharField(_("冻结名册及计票设置 SHA-256"), max_length=64, blank=True)
    # The results, published through the notice engine: 公示 with an objection period, then 公告.
    preliminary_notice = models.ForeignKey("notices.Notice", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("选举结果公示"))
    final_notice = models.ForeignKey("notices.Notice", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("选举结果公告"))
    # The voting codes are generated and printed once (issue_voting_codes); after that, one paper
    # at a time, confirmed by a second person of another role (CodeRelease).
    codes_printed_at = models.DateTimeField(_("表决码生成打印时间"), null=True, blank=True)
    codes_printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("表决码生成打印人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("业主大会")
        verbose_name_plural = _("业主大会")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="voting_assembly_window"),
            models.CheckConstraint(condition=Q(status__in=AssemblyStatus.values), name="voting_assembly_status"),
            models.CheckConstraint(condition=Q(form__in=AssemblyForm.values), name="voting_assembly_form"),
            models.CheckConstraint(condition=Q(precedence__in=Precedence.values),
                                   name="voting_assembly_precedence"),
            models.CheckConstraint(condition=Q(proxy_cap__gte=1), name="voting_assembly_proxy_cap"),
            models.CheckConstraint(condition=Q(paper_mode__in=PaperMode.values), name="voting_assembly_paper_mode"),
            models.CheckConstraint(condition=Q(join__in=EntityJoin.values), name="voting_assembly_join"),
            models.CheckConstraint(condition=Q(write_in__in=WriteIn.values), name="voting_assembly_write_in"),
        ]

    def __str__(self) -> str:
        return self.title


class ContestKind(models.TextChoices):
    ELECTION = "election", _("选举")
    MOTION = "motion", _("表决事项")


MatterChoices = [(matter.spec_name, f"（{matter.item}）{matter.label}") for matter in Matter]


class Contest(models.Model):
    """One question on the ballot: elect `seats` from `candidates`, or a yes/no/abstain motion."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="contests")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    spec_id = models.SlugField(_("编号"), max_length=40, help_text=_("导出计票文件时的列名，例如 committee"))
    kind = models.CharField(_("类型"), max_length=10, choices=ContestKind.choices)
    matter = models.CharField(_("事项"), max_length=32, choices=MatterChoices)
    title = models.CharField(_("标题"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("应选人数"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("每票最多同意人数"), null=True, blank=True)
    # The final candidate list, in ballot order (names; the candidates app may link them later).
    candidates = models.JSONField(_("候选人"), default=list, blank=True)

    class Meta:
        verbose_name = _("表决事项")
        verbose_name_plural = _("表决事项")
        ordering = ["assembly", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "spec_id"], name="voting_contest_unique_id"),
            models.CheckConstraint(condition=Q(kind__in=ContestKind.values), name="voting_contest_kind"),
            models.CheckConstraint(
                condition=Q(kind=ContestKind.MOTION) | Q(seats__gte=1, max_choices__gte=1),
                name="voting_contest_election_seats"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_election(self) -> bool:
        return self.kind == ContestKind.ELECTION

    @property
    def choice_limit(self) -> int:
        return self.max_choices or self.seats or 0


class VotingEntity(models.Model):
    """One head of JI art. 9 in the frozen roster: its units, its area, the phones' last digits."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="entities")
    index = models.PositiveIntegerField(_("序号"))
    area = models.DecimalField(_("专有部分面积"), max_digits=14, decimal_places=2)
    developer = models.BooleanField(_("建设单位"), default=False)
    label = models.CharField(_("房号"), max_length=500)  # "1-101" or "2-101、2-102、2-201"
    # Last four digits of the owners' phones on the roster when it was frozen, comma-separated:
    # what an owner voting online proves together with the code on the paper.
    phone_tails = models.TextField(blank=True)

    class Meta:
        verbose_name = _("表决主体")
        verbose_name_plural = _("表决主体")
        ordering = ["assembly", "index"]
        constraints = [models.UniqueConstraint(fields=["assembly", "index"], name="voting_entity_unique_index")]

    def __str__(self) -> str:
        return self.label

    @property
    def paper(self) -> BallotPaper | None:
        """The entity-wide paper (per-entity mode); None when the assembly issues a paper per unit.

        Reads `papers` prefetched when it was (`prefetch_related("papers")`), one query otherwise.
        """
        return next((paper for paper in self.papers.all() if paper.unit_id is None), None)


class SnapshotUnit(models.Model):
    """One unit of the frozen roster, as huanjie.rules counted it when voting opened."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="snapshot_units")
    entity = models.ForeignKey(VotingEntity, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField()
    code = models.CharField(_("房号"), max_length=50)
    building = models.CharField(_("楼栋"), max_length=50, blank=True)
    area = models.DecimalField(_("专有部分面积"), max_digits=10, decimal_places=2)
    status = models.CharField(_("状态"), max_length=16)
    owners = models.TextField(_("业主标识"), blank=True)  # ";"-separated identifiers
    # The last four digits of this unit's owners' phones: a per-unit paper is voted online with one of them.
    phone_tails = models.TextField(blank=True)

    class Meta:
        verbose_name = _("冻结名册房屋")
        verbose_name_plural = _("冻结名册房屋")
        ordering = ["assembly", "position"]
        constraints = [models.UniqueConstraint(fields=["assembly", "code"], name="voting_snapshot_unique_code")]

    def __str__(self) -> str:
        return self.code


class BallotPaper(models.Model):
    """A paper ballot: its serial and the single-use code for voting online.

    Per-entity mode: one paper per voting entity, `unit` empty, listing all the entity's units.
    Per-unit mode: one paper per unit of the frozen roster, `unit` set, listing that unit only.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="papers")
    entity = models.ForeignKey(VotingEntity, on_delete=models.CASCADE, related_name="papers")
    unit = models.OneToOneField(SnapshotUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="paper",
                                verbose_name=_("专有部分"))
    serial = models.CharField(_("表决票编号"), max_length=20)
    code_hash = models.CharField(max_length=64, unique=True)
    code_used_at = models.DateTimeField(_("表决码使用时间"), null=True, blank=True)
    issued_at = models.DateTimeField(_("制票时间"))
    # The confirmed reissue its current code comes from; empty while it carries the code first printed.
    reissue = models.ForeignKey("CodeRelease", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("补发"))

    class Meta:
        verbose_name = _("表决票")
        verbose_name_plural = _("表决票")
        ordering = ["assembly", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "serial"], name="voting_paper_unique_serial"),
            # At most one entity-wide paper per entity; a unit's own paper is unique by `unit` itself.
            models.UniqueConstraint(fields=["entity"], condition=Q(unit__isnull=True),
                                    name="voting_paper_one_entity_wide"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def label(self) -> str:
        """The units this paper votes for: its own unit, or all the entity's units."""
        return self.unit.code if self.unit is not None else self.entity.label

    @property
    def area(self) -> Decimal:
        return self.unit.area if self.unit is not None else self.entity.area


class Channel(models.TextChoices):
    PAPER = "paper", _("纸质票")
    ONLINE = "online", _("网上投票")
    PROXY = "proxy", _("委托投票")
    ASSISTED = "assisted", _("上门收票")


class BallotStatus(models.TextChoices):
    COUNTED = "counted", _("计入")
    DUPLICATE = "duplicate", _("重复票（留存备查）")
    INVALID = "invalid", _("无效票")


class InvalidReason(models.TextChoices):
    NO_SIGNATURE = "no_signature", _("未签名")
    NOT_OWNER = "not_owner", _("非业主本人签名且无委托")
    UNREADABLE = "unreadable", _("字迹无法辨认")
    TORN = "torn", _("票面破损")


class Ballot(models.Model):
    """One ballot received for a voting entity, by any channel.

    `choices` maps a contest's spec id to the approved names (election) or "yes"/"no"/"abstain".
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="ballots")
    entity = models.ForeignKey(VotingEntity, on_delete=models.PROTECT, related_name="ballots")
    paper = models.ForeignKey(BallotPaper, on_delete=models.PROTECT, related_name="ballots")
    # The proxy whose holder handed this ballot over (channel "proxy"); per unit, one per paper.
    proxy = models.ForeignKey("Proxy", on_delete=models.PROTECT, null=True, blank=True, related_name="ballots")
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("收到时间"))
    status = models.CharField(_("状态"), max_length=10, choices=BallotStatus.choices)
    invalid_reason = models.CharField(_("无效原因"), max_length=16, choices=InvalidReason.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    choices = models.JSONField(_("表决意见"), default=dict)
    receipt = models.CharField(_("回执码"), max_length=16, unique=True)
    # The online confirm form's one-time key: a double-clicked submit finds the same ballot.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    collected_by = models.CharField(_("收票人"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["assembly", "received_at", "pk"]
        constraints = [
            # One counted ballot per paper, enforced by the database, not only by Python. With one
            # paper per entity (the default) this is one voice per entity (JI art. 9); with a paper
            # per unit, each unit is covered once and the count judges an entity's ballots together.
            models.UniqueConstraint(fields=["paper"], condition=Q(status="counted"),
                                    name="voting_one_counted_ballot_per_paper"),
            models.UniqueConstraint(fields=["proxy", "paper"], condition=Q(proxy__isnull=False),
                                    name="voting_proxy_one_ballot_per_paper"),
            models.CheckConstraint(condition=Q(status__in=BallotStatus.values), name="voting_ballot_status"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="voting_ballot_channel"),
            models.CheckConstraint(condition=Q(status="invalid") | Q(invalid_reason=""),
                                   name="voting_ballot_reason_only_if_invalid"),
            models.CheckConstraint(condition=~Q(status="invalid") | ~Q(invalid_reason=""),
                                   name="voting_ballot_invalid_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_channel_display()}"

    @property
    def number(self) -> str:
        return f"B{self.pk:06d}"


class BoxStatus(models.TextChoices):
    SEALED = "sealed", _("已封箱")
    OPENED = "opened", _("已开箱")


class BallotBox(models.Model):
    """A ballot box: its seal, who sealed and opened it, when, before which scrutineers."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="boxes")
    label = models.CharField(_("票箱"), max_length=60)
    seal_number = models.CharField(_("封条编号"), max_length=60)
    status = models.CharField(_("状态"), max_length=8, choices=BoxStatus.choices, default=BoxStatus.SEALED)
    sealed_at = models.DateTimeField(_("封箱时间"))
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sealed_before = models.CharField(_("封箱见证监票人"), max_length=200)
    opened_at = models.DateTimeField(_("开箱时间"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    opened_before = models.CharField(_("开箱见证监票人"), max_length=200, blank=True)
    seal_intact = models.BooleanField(_("封条完好"), null=True, blank=True)

    class Meta:
        verbose_name = _("票箱")
        verbose_name_plural = _("票箱")
        ordering = ["assembly", "label"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "label"], name="voting_box_unique_label"),
            models.CheckConstraint(condition=Q(status__in=BoxStatus.values), name="voting_box_status"),
            models.CheckConstraint(
                condition=Q(status="sealed", opened_at__isnull=True) | Q(status="opened", opened_at__isnull=False),
                name="voting_box_opened_when"),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.seal_number}）"


class Duty(models.TextChoices):
    SCRUTINEER = "scrutineer", _("监票人")
    TELLER = "teller", _("计票人")


class Official(models.Model):
    """A scrutineer or teller (监票人、计票人) of one assembly's vote; one who is an owner may not stand in it.

    `owner` links an owner of the community (named with their unit); a scrutineer who is not an
    owner (a residents' committee member) is recorded by name alone.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="officials")
    duty = models.CharField(_("职责"), max_length=12, choices=Duty.choices)
    name = models.CharField(_("姓名"), max_length=60)
    owner = models.ForeignKey("roster.Owner", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("业主"))
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    appointed_at = models.DateTimeField(_("确定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("监票人、计票人")
        verbose_name_plural = _("监票人、计票人")
        ordering = ["assembly", "duty", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(duty__in=Duty.values), name="voting_official_duty"),
            models.UniqueConstraint(fields=["assembly", "duty", "name"], name="voting_official_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} {self.name}"


class ReadingStatus(models.TextChoices):
    WAITING = "waiting", _("待第二位计票人录入")
    MATCHED = "matched", _("两人录入一致")
    MISMATCH = "mismatch", _("两人录入不一致")
    RESOLVED = "resolved", _("已核对解决")


class PaperReading(models.Model):
    """One paper ballot taken out of a box, entered by two tellers independently."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="readings")
    paper = models.ForeignKey(BallotPaper, on_delete=models.PROTECT, related_name="readings")
    box = models.ForeignKey(BallotBox, on_delete=models.PROTECT, related_name="readings")
    status = models.CharField(_("状态"), max_length=10, choices=ReadingStatus.choices,
                              default=ReadingStatus.WAITING)
    ballot = models.OneToOneField(Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="reading")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolution = models.CharField(_("核对说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("纸质票录入")
        verbose_name_plural = _("纸质票录入")
        ordering = ["assembly", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "paper"], name="voting_reading_once_per_paper"),
            models.CheckConstraint(condition=Q(status__in=ReadingStatus.values), name="voting_reading_status"),
        ]

    def __str__(self) -> str:
        return f"{self.paper} · {self.get_status_display()}"


class TellerEntry(models.Model):
    """What one teller read on one paper ballot."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reading = models.ForeignKey(PaperReading, on_delete=models.CASCADE, related_name="entries")
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    valid = models.BooleanField(_("有效"))
    invalid_reason = models.CharField(_("无效原因"), max_length=16, choices=InvalidReason.choices, blank=True)
    choices = models.JSONField(_("表决意见"), default=dict)
    entered_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("计票人录入")
        verbose_name_plural = _("计票人录入")
        ordering = ["reading", "entered_at"]
        constraints = [models.UniqueConstraint(fields=["reading", "teller"], name="voting_entry_once_per_teller")]

    def __str__(self) -> str:
        return f"{self.reading} · {self.teller}"


class CountResult(models.Model):
    """The rules engine's output for an assembly, stored as `Result.to_dict()` returned it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.OneToOneField(Assembly, on_delete=models.CASCADE, related_name="result")
    data = models.JSONField()
    counted_at = models.DateTimeField(_("计票时间"))
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ballots_sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("计票结果")
        verbose_name_plural = _("计票结果")

    def __str__(self) -> str:
        return f"{self.assembly} @ {self.counted_at:%Y-%m-%d %H:%M}"


# -- delivery of ballot papers, proxies, door-to-door collection ---------------------------


class DeliveryOutcome(models.TextChoices):
    DELIVERED = "delivered", _("已送达签收")
    UNDELIVERABLE = "undeliverable", _("无法送达")


class UndeliverableReason(models.TextChoices):
    NOBODY_HOME = "nobody_home", _("多次上门无人")
    VACANT = "vacant", _("房屋空置")
    REFUSED = "refused", _("业主拒收")
    UNREACHABLE = "unreachable", _("联系不上业主")
    OTHER = "other", _("其他（见说明）")


class Delivery(models.Model):
    """发放/签收: one attempt to hand a ballot paper to its household, by whom, signed for by whom.

    A paper may have several attempts (nobody home, then signed for); it counts as delivered
    once any attempt was signed for.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="deliveries")
    paper = models.ForeignKey(BallotPaper, on_delete=models.PROTECT, related_name="deliveries")
    outcome = models.CharField(_("结果"), max_length=16, choices=DeliveryOutcome.choices)
    delivered_by = models.CharField(_("发放人"), max_length=120)
    delivered_at = models.DateTimeField(_("发放时间"))
    signed_by = models.CharField(_("签收人"), max_length=60, blank=True)
    relation = models.CharField(_("签收人与业主关系"), max_length=30, blank=True)
    reason = models.CharField(_("无法送达原因"), max_length=16, choices=UndeliverableReason.choices, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("表决票发放记录")
        verbose_name_plural = _("表决票发放记录")
        ordering = ["assembly", "-delivered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=DeliveryOutcome.values), name="voting_delivery_outcome"),
            models.CheckConstraint(condition=~Q(outcome="delivered") | (~Q(signed_by="") & Q(reason="")),
                                   name="voting_delivery_signed_for"),
            models.CheckConstraint(condition=~Q(outcome="undeliverable") | ~Q(reason=""),
                                   name="voting_delivery_undeliverable_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.paper} · {self.get_outcome_display()}"


class ProxyStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")


class Proxy(models.Model):
    """委托书: the owner of a voting entity authorises a holder to vote for it (SH art. 18).

    The cap per holder is kept by the database too: each of a holder's active proxies takes a
    numbered slot, unique per holder and at most the assembly's cap (copied onto the row when
    it is made), so two desks registering proxies for one holder at once cannot exceed it.
    The cap counts proxies (households), not papers: with a paper per unit the holder hands
    over each of the household's papers, every ballot pointing back here (`ballots`).
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    entity = models.ForeignKey(VotingEntity, on_delete=models.PROTECT, related_name="proxies")
    grantor_name = models.CharField(_("委托人（业主）"), max_length=60)
    holder_name = models.CharField(_("受托人"), max_length=60)
    holder_phone = models.CharField(_("受托人手机号"), max_length=20)
    instructions = models.TextField(_("委托事项及表决意见"), blank=True)
    authorisation = models.FileField(_("签字的委托书（照片或扫描件）"), upload_to="voting/proxies/%Y/%m/")
    slot = models.PositiveSmallIntegerField()
    cap = models.PositiveSmallIntegerField()
    status = models.CharField(_("状态"), max_length=8, choices=ProxyStatus.choices, default=ProxyStatus.ACTIVE)
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("委托书")
        verbose_name_plural = _("委托书")
        ordering = ["assembly", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ProxyStatus.values), name="voting_proxy_status"),
            models.CheckConstraint(condition=Q(slot__gte=1, slot__lte=F("cap")), name="voting_proxy_within_cap"),
            models.UniqueConstraint(fields=["assembly", "holder_phone", "slot"], condition=Q(status="active"),
                                    name="voting_proxy_holder_slot"),
            models.UniqueConstraint(fields=["assembly", "entity"], condition=Q(status="active"),
                                    name="voting_proxy_one_per_entity"),
            models.CheckConstraint(condition=Q(status="active") | ~Q(revoked_reason=""),
                                   name="voting_proxy_revoked_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} → {self.holder_name}"

    @property
    def number(self) -> str:
        return f"W{self.pk:05d}"

    @property
    def holder_phone_masked(self) -> str:
        return mask_phone(self.holder_phone)


class DoorCollection(models.Model):
    """上门收票: a ballot collected at the owner's door by two members of staff, both named."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="door_collections")
    ballot = models.OneToOneField(Ballot, on_delete=models.PROTECT, related_name="door_collection")
    first_collector = models.CharField(_("收票人一"), max_length=60)
    second_collector = models.CharField(_("收票人二"), max_length=60)
    collected_at = models.DateTimeField(_("收票时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("上门收票记录")
        verbose_name_plural = _("上门收票记录")
        ordering = ["assembly", "-collected_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(first_collector="") & ~Q(second_collector="")
                                   & ~Q(first_collector=F("second_collector")), name="voting_door_two_collectors"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.first_collector}、{self.second_collector}"


# -- voting codes: reissuing one paper and the print shop's code list, with four eyes ------------


class ReleaseKind(models.TextChoices):
    REISSUE = "reissue", _("补发一张表决票（新表决码）")
    CODE_LIST = "code_list", _("导出表决码清单（交印刷厂）")


class OwnerRequest(models.TextChoices):
    """How the owner asked for a new paper: never on a member of staff's word alone."""

    PRESENT = "present", _("业主本人到场，已核对身份证件")
    FAMILY = "family", _("业主委托的家属持书面委托到场")
    WRITTEN = "written", _("业主书面申请（签字的申请书已留存）")


class ReleaseStatus(models.TextChoices):
    PENDING = "pending", _("待另一角色确认")
    CONFIRMED = "confirmed", _("已确认，待打印")
    DONE = "done", _("已打印")
    WITHDRAWN = "withdrawn", _("已撤回")


class CodeRelease(models.Model):
    """表决码申请: a new code for one paper, or the code list, asked by one person and confirmed in
    the app by a second person of another role (a scrutineer or the street office) before anything
    is printed. The database keeps the two people and their roles apart."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="code_releases")
    kind = models.CharField(_("申请事项"), max_length=10, choices=ReleaseKind.choices)
    paper = models.ForeignKey(BallotPaper, on_delete=models.PROTECT, null=True, blank=True, related_name="releases",
                              verbose_name=_("表决票"))
    reason = models.CharField(_("原因"), max_length=300)
    owner_request = models.CharField(_("业主到场或申请"), max_length=10, choices=OwnerRequest.choices, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    requested_as = models.CharField(_("申请人角色"), max_length=20)
    requested_at = models.DateTimeField(_("申请时间"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("确认人"))
    confirmed_as = models.CharField(_("确认人角色"), max_length=20, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("打印时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("表决码申请")
        verbose_name_plural = _("表决码申请")
        ordering = ["assembly", "-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReleaseKind.values), name="voting_release_kind"),
            models.CheckConstraint(condition=Q(status__in=ReleaseStatus.values), name="voting_release_status"),
            models.CheckConstraint(
                condition=Q(kind="reissue", paper__isnull=False) & ~Q(owner_request="")
                | Q(kind="code_list", paper__isnull=True, owner_request=""),
                name="voting_release_what"),
            models.CheckConstraint(condition=~Q(reason=""), name="voting_release_reason"),
            # Four eyes: confirmed (or printed) only by someone else, holding another role.
            models.CheckConstraint(
                condition=Q(status__in=["pending", "withdrawn"], confirmed_by__isnull=True)
                | (Q(confirmed_by__isnull=False, confirmed_at__isnull=False) & ~Q(confirmed_by=F("requested_by"))
                   & ~Q(confirmed_as="") & ~Q(confirmed_as=F("requested_as"))),
                name="voting_release_four_eyes"),
            models.CheckConstraint(condition=~Q(status="done") | Q(done_at__isnull=False),
                                   name="voting_release_done_when"),
            models.UniqueConstraint(fields=["paper"], condition=Q(status__in=["pending", "confirmed"]),
                                    name="voting_release_one_open_per_paper"),
            models.UniqueConstraint(fields=["assembly"], condition=Q(kind="code_list") & ~Q(status="withdrawn"),
                                    name="voting_release_one_code_list"),
        ]

    def __str__(self) -> str:
        what = self.paper.serial if self.paper_id and self.paper else self.get_kind_display()
        return f"{self.number} · {what}"

    @property
    def number(self) -> str:
        return f"M{self.pk:05d}"

    @property
    def people(self) -> tuple[int | None, int | None]:
        """The two who may print or withdraw it: who asked, and who confirmed."""
        return self.requested_by_id, self.confirmed_by_id  # type: ignore[attr-defined]

    def mark_done(self, now: datetime) -> None:
        """The confirmed request was printed (its caller, a printing service, writes the audit record)."""
        self.status, self.done_at = ReleaseStatus.DONE, now
        self.save(update_fields=["status", "done_at"])


class RetiredCode(models.Model):
    """A paper's earlier code, void since a reissue: an owner who types it is told when and by whom."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    paper = models.ForeignKey(BallotPaper, on_delete=models.CASCADE, related_name="retired_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    release = models.ForeignKey(CodeRelease, on_delete=models.PROTECT, related_name="+")
    retired_at = models.DateTimeField(_("作废时间"))

    class Meta:
        verbose_name = _("已作废的表决码")
        verbose_name_plural = _("已作废的表决码")
        ordering = ["paper", "-retired_at"]

    def __str__(self) -> str:
        return f"{self.paper} · {self.retired_at:%Y-%m-%d %H:%M}"
