"""The count's settings of an assembly (spec/tally.md v2): who is "the same buyer", and what a
name that is not a candidate does.

JI art. 9 counts the units of the same buyer (同一买受人) as one person: by default units join
when their owners are identical (`identical-owners`), and a name that is not a candidate is
dropped while the ballot's candidates still count (`ignore-name`). A community's rules of
procedure (业主大会议事规则) may adopt the wider, transitive join (`shared-owner`) or void the
contest on a written-in name (`void-contest`): then the basis is recorded with the choice.

The settings are chosen while the assembly is a draft, frozen with the roster when voting
opens (voting.snapshot), printed on the roster-and-rules notice, and applied by the web count
and by `huanjie tally` on the exported files alike. Once that notice is published they are the
published rules, and stay as they are.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from huanjie import audit
from huanjie.charter.selectors import rules_of_procedure_in_force
from huanjie.notices.models import Notice, NoticeKind, NoticeStatus
from huanjie.voting.errors import CountRulesNeedBasis, CountRulesPublished, NoRulesOfProcedure, UnknownCountRule
from huanjie.voting.models import Assembly, AssemblyStatus, EntityJoin, WriteIn
from huanjie.voting.services.assembly import guard, settings_from

BASIS_LENGTH = 300


@transaction.atomic
def set_count_rules(*, assembly: Assembly, join: str, write_in: str, basis: str,
                    actor: AbstractBaseUser | None) -> Assembly:
    """Choose `join` and `write_in`; a choice other than the law's reading needs `basis`."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    guard(assembly, AssemblyStatus.DRAFT, "更改计票设置")
    for value, allowed in ((join, EntityJoin.values), (write_in, WriteIn.values)):
        if value not in allowed:
            raise UnknownCountRule(value=value)
    basis = " ".join(basis.split())[:BASIS_LENGTH]
    for value, choices, default in ((join, EntityJoin, EntityJoin.IDENTICAL_OWNERS),
                                    (write_in, WriteIn, WriteIn.IGNORE_NAME)):  # fmt: skip
        if value != default and not basis:
            raise CountRulesNeedBasis(choice=choices(value).label)
    if join == EntityJoin.IDENTICAL_OWNERS and write_in == WriteIn.IGNORE_NAME:
        basis = ""  # the law's reading needs none
    before = {"join": assembly.join, "write_in": assembly.write_in, "basis": assembly.count_rules_basis}
    after = {"join": join, "write_in": write_in, "basis": basis}
    if before == after:
        return assembly
    _refuse_after_the_rules_notice(assembly)
    assembly.join, assembly.write_in, assembly.count_rules_basis = join, write_in, basis
    assembly.save(update_fields=["join", "write_in", "count_rules_basis"])
    audit.record("voting.assembly.count_rules", actor=actor, target=assembly, data={"before": before, "after": after})
    return assembly


@transaction.atomic
def apply_rules_of_procedure(*, assembly: Assembly, actor: AbstractBaseUser | None,
                             today: date | None = None) -> Assembly:
    """A draft takes the rules of procedure in force again — recorded after the assembly was made, or replaced
    since: the count's settings with that version as basis, and online voting as they say (《物业管理条例》
    第十八条). Refused once the roster-and-rules notice is published (its rules are the ones owners read)."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    guard(assembly, AssemblyStatus.DRAFT, "按现行议事规则更新")
    rules = rules_of_procedure_in_force(assembly.community_id, on=today or timezone.localdate())
    if rules is None:
        raise NoRulesOfProcedure()
    after = settings_from(rules)
    before = {name: getattr(assembly, name) for name in after}  # the document itself: compared by its key
    if before == after:
        return assembly
    _refuse_after_the_rules_notice(assembly)
    for name, value in after.items():
        setattr(assembly, name, value)
    assembly.save(update_fields=list(after))
    previous = before["rules_of_procedure"]
    audit.record("voting.assembly.rules_of_procedure", actor=actor, target=assembly, data={
        "before": {**before, "rules_of_procedure": getattr(previous, "pk", None)},
        "after": {**after, "rules_of_procedure": rules.pk}})
    return assembly


def _refuse_after_the_rules_notice(assembly: Assembly) -> None:
    """The roster-and-rules notice printed the settings: published, they are the rules owners read."""
    if assembly.reelection_id is None:
        return
    published = (Notice.objects.filter(reelection_id=assembly.reelection_id, kind=NoticeKind.ROSTER_AND_RULES,
                                       status=NoticeStatus.PUBLISHED)
                 .order_by("-published_at").values_list("published_at", flat=True).first())  # fmt: skip
    if published is not None:
        raise CountRulesPublished(when=f"{timezone.localtime(published):%Y-%m-%d}")
