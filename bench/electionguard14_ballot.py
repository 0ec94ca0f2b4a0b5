"""ElectionGuard-python 1.4 itself: how long it takes to verify one ballot of the bench's election.

Not a `bench_*` script: `bench/bench_crypto.py --eg-python PYTHON` runs it with a Python that has
`electionguard==1.4.0` installed (it needs Python 3.9 or 3.10), e.g.

    ~/.pyenv/versions/3.10.13/bin/python -m venv /tmp/eg && /tmp/eg/bin/pip install electionguard==1.4.0
    python bench/bench_crypto.py --eg-python /tmp/eg/bin/python

The election is the bench's: one contest of 9 candidates with at most 7 approved, and two yes/no
referendums (abstaining = no selection). ElectionGuard encodes it its own way: one 0/1 proof per
selection *and per placeholder* (7 placeholders for the 9-candidate contest, 1 per referendum:
22 disjunctive Chaum–Pedersen proofs) and one constant-sum proof per contest, each ciphertext
with its own nonce, 256-bit challenges. Verification is `CiphertextBallot.is_valid_encryption`
(the proofs and the hashes), the check `ballot_is_valid_for_election` makes. Prints the CPU
seconds per ballot.
"""

from __future__ import annotations

import logging
import sys
import time
from datetime import datetime

from electionguard.ballot import PlaintextBallot, PlaintextBallotContest, PlaintextBallotSelection
from electionguard.election import make_ciphertext_election_context
from electionguard.elgamal import elgamal_keypair_random
from electionguard.encrypt import encrypt_ballot
from electionguard.group import TWO_MOD_Q
from electionguard.manifest import (
    BallotStyle,
    Candidate,
    CandidateContestDescription,
    ElectionType,
    GeopoliticalUnit,
    InternalManifest,
    Manifest,
    ReferendumContestDescription,
    ReportingUnitType,
    SelectionDescription,
    SpecVersion,
    VoteVariationType,
)

UNIT = "community"


def manifest() -> Manifest:
    candidates = [SelectionDescription(f"cand-{i}", i, f"c{i}") for i in range(9)]
    contests = [
        CandidateContestDescription("committee", 0, UNIT, VoteVariationType.n_of_m, 7, 7, "committee", candidates)
    ]
    for k in range(2):
        options = [
            SelectionDescription(f"m{k}-yes", 0, f"m{k}-yes"),
            SelectionDescription(f"m{k}-no", 1, f"m{k}-no"),
        ]
        contests.append(
            ReferendumContestDescription(f"motion-{k}", 1 + k, UNIT, VoteVariationType.one_of_m, 1, 1, f"m{k}", options)
        )
    people = [Candidate(f"c{i}") for i in range(9)] + [Candidate(f"m{k}-{a}") for k in range(2) for a in ("yes", "no")]
    style = BallotStyle("style")
    style.geopolitical_unit_ids = [UNIT]
    return Manifest(
        spec_version=SpecVersion.EG0_95,
        election_scope_id="bench",
        type=ElectionType.unknown,
        start_date=datetime.now(),
        end_date=datetime.now(),
        geopolitical_units=[GeopoliticalUnit(UNIT, UNIT, ReportingUnitType.unknown)],
        parties=[],
        candidates=people,
        contests=contests,
        ballot_styles=[style],
    )


def plaintext(index: int) -> PlaintextBallot:
    committee = PlaintextBallotContest("committee", [PlaintextBallotSelection(f"cand-{i}", 1, False) for i in range(5)])
    yes = PlaintextBallotContest("motion-0", [PlaintextBallotSelection("m0-yes", 1, False)])
    abstain = PlaintextBallotContest("motion-1", [])
    return PlaintextBallot(f"ballot-{index}", "style", [committee, yes, abstain])


def main() -> int:
    logging.disable(logging.INFO)  # ElectionGuard logs every encryption at INFO; not part of the cost
    ballots = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    keypair = elgamal_keypair_random()
    election = manifest()
    assert election.is_valid()
    internal = InternalManifest(election)
    context = make_ciphertext_election_context(1, 1, keypair.public_key, TWO_MOD_Q, internal.manifest_hash)
    encrypted = [encrypt_ballot(plaintext(i), internal, context, TWO_MOD_Q) for i in range(ballots)]
    assert all(b is not None for b in encrypted)
    started = time.process_time()
    for ballot in encrypted:
        assert ballot is not None
        ok = ballot.is_valid_encryption(
            internal.manifest_hash, context.elgamal_public_key, context.crypto_extended_base_hash
        )
        assert ok
    print((time.process_time() - started) / ballots)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
