"""Two tellers' readings of one paper ballot: side by side, and what they agree on.

The 核对 page shows each teller's entry contest by contest, the differences marked, and starts
the form from what both entered: the resolver looks again at the paper only where they differ.
A motion both read differently is left unchosen, never pre-set to 弃权.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from huanjie.voting.forms import ANSWER_CHOICES
from huanjie.voting.models import Contest, InvalidReason, TellerEntry


@dataclass(frozen=True)
class ComparedRow:
    label: str
    values: list[str]  # one per teller, in the order they entered

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


def compare(entries: Sequence[TellerEntry], contests: Sequence[Contest]) -> list[ComparedRow]:
    """The tellers' entries as the page shows them: validity, then each contest by its title."""
    rows = [ComparedRow(_("票面"), [_validity(entry) for entry in entries])]
    for contest in contests:
        rows.append(ComparedRow(contest.title, [_answer(contest, entry) for entry in entries]))
    return rows


def agreed(entries: Sequence[TellerEntry], contests: Sequence[Contest]) -> dict[str, Any]:
    """The resolve form's initial data: what every teller entered alike, nothing where they differ."""
    if not entries:
        return {}
    initial: dict[str, Any] = {}
    if len({entry.valid for entry in entries}) == 1:
        initial["valid"] = "yes" if entries[0].valid else "no"
        reasons = {entry.invalid_reason for entry in entries}
        if not entries[0].valid and len(reasons) == 1:
            initial["invalid_reason"] = reasons.pop()
    valid = [entry for entry in entries if entry.valid]
    if len(valid) != len(entries):
        return initial  # one read it as invalid: there are no two readings of its choices to agree on
    for contest in contests:
        values = [entry.choices.get(contest.spec_id) for entry in valid]
        if contest.is_election:
            both = set.intersection(*(set(value or []) for value in values))
            initial[contest.spec_id] = [name for name in contest.candidates if name in both]
            written = [name for name in (values[0] or []) if name in both and name not in contest.candidates]
            if written:
                initial[f"{contest.spec_id}__written"] = "；".join(written)
        elif len(set(values)) == 1 and values[0]:
            initial[contest.spec_id] = values[0]
    return initial


def _validity(entry: TellerEntry) -> str:
    if entry.valid:
        return str(_("有效"))
    return _("无效：%(reason)s") % {"reason": InvalidReason(entry.invalid_reason).label if entry.invalid_reason
                                    else "—"}


def _answer(contest: Contest, entry: TellerEntry) -> str:
    if not entry.valid:
        return "—"
    value = entry.choices.get(contest.spec_id)
    if contest.is_election:
        return "、".join(value or []) or _("（未勾选任何人）")
    return str(dict(ANSWER_CHOICES).get(value or "", "—"))
