"""Printing ballot papers: a fresh voting code for one paper (a lost or spoilt sheet).

Printing every paper uses `issue_voting_codes`; both keep only the keyed digest, so a code
exists in plain text only on the sheet printed from what these return.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from huanjie import audit
from huanjie.voting.codes import new_code, voting_code_digest
from huanjie.voting.errors import PaperCodeUsed
from huanjie.voting.models import AssemblyStatus, BallotPaper
from huanjie.voting.services.assembly import IssuedPaper, guard


@transaction.atomic
def reissue_voting_code(*, paper: BallotPaper, actor: AbstractBaseUser | None) -> IssuedPaper:
    """A new code for one paper whose code is unused; the sheet printed before stops working online."""
    paper = BallotPaper.objects.select_for_update().select_related("assembly", "entity").get(pk=paper.pk)
    guard(paper.assembly, AssemblyStatus.OPEN, "补打表决票")
    if paper.code_used_at is not None:
        raise PaperCodeUsed(serial=paper.serial, when=f"{timezone.localtime(paper.code_used_at):%Y-%m-%d %H:%M}")
    code = new_code()
    paper.code_hash = voting_code_digest(code)
    paper.save(update_fields=["code_hash"])
    audit.record("voting.code.reissued", actor=actor, target=paper, data={"serial": paper.serial})
    return IssuedPaper(paper, code)
