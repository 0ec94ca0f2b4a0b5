"""How fast is the encrypted ballot? ristretto255 against a 4096-bit mod-p group, and a full record.

    PYTHONPATH=src python bench/bench_crypto.py [--quick] [--entities 10000] [--ballots 10]
                                                [--eg-python PYTHON]

Figures, printed as a table:

1. per-ballot verification of a 9-candidate (at most 7 approved), 2-motion ballot, CPU time of
   this process (so other work on the machine inflates it less than wall time):
   - ours: `huanjie.crypto.ballot.decode_ballot` (every point validated by libsodium, every
     response checked below L) then `proof_holds`, on the binary record;
   - the *same* proofs over ElectionGuard's 4096-bit group with gmpy2, implemented below, in
     the same process: multi-recipient ElGamal with one nonce and 13 slot keys, 128-bit
     Fiat–Shamir challenges (SHA-512, the branch challenges adding up modulo 2^128), the same
     shapes (nine 0/1 proofs, a 0..7 proof on the product of the nine, a 1-of-3 proof per
     motion) and the same shortcuts (each β·g^−m computed once; c_1 from c and c_0 for
     two-branch proofs). It does what a correct verifier must do in that group: every
     received element (α and the 13 β's) is checked to be in the order-q subgroup
     (1 < x < p and x^q = 1), as ElectionGuard does. Divisions use one modular inverse per
     element and then 128-bit exponents (α^−c = (α^−1)^c), never a 256-bit q − c.
     What neither side does: simultaneous multi-exponentiation / multi-scalar
     multiplication (libsodium exposes none; gmpy2 has none), precomputed fixed-base tables
     for the keys (libsodium has them only for its generator, which we use; the mod-p side
     uses plain powmod for g, as ElectionGuard-python 1.4 does), batch verification.
   Target: ristretto255 at least 50x faster. The operation counts and the unit costs below
   the table say where the ratio comes from.
   With `--eg-python` (or $ELECTIONGUARD_PYTHON), a Python 3.10 with electionguard==1.4.0
   installed, ElectionGuard itself verifies ballots of the same election, encoded its own way
   (`bench/electionguard14_ballot.py`, in a subprocess; CPU time of that process).
2. the record's bytes per ballot, measured on disk (ballots.bin of the full record, and the
   whole record directory divided by the ballots). Target: at most 2 KB.
3. verifying a whole record of `--entities` ballots (10,000 by default: every entity votes),
   including the weighted tally and the decryptions, on both cores. Target: under 2 minutes.
   Making that record takes a while too; it is made in a temporary directory for the run.
   The load average (`os.getloadavg`) is printed before and after: the machine is shared.

The group is ElectionGuard's standard one (specification 1.0, "Parameter Requirements"):
p of 4096 bits, q = 2^256 − 189, p = q·r + 1, g = 2^r mod p — the constants below are
checked at start-up (p and q prime, p − 1 = q·r, g of order q).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import gmpy2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from huanjie.crypto import group  # noqa: E402
from huanjie.crypto.ballot import (  # noqa: E402
    ElectionContext,
    Shape,
    decode_ballot,
    encode_ballot,
    encrypt_ballot,
    proof_holds,
)
from huanjie.crypto.demo import CANDIDATES, demo_manifest, run_demo  # noqa: E402
from huanjie.crypto.group import G, Scalar  # noqa: E402
from huanjie.crypto.record import HEADER_BYTES  # noqa: E402
from huanjie.crypto.verifier import verify_record  # noqa: E402
from huanjie.rules import Answer  # noqa: E402

EG_P = int(
    """
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff93c467e37db0c7a4d1be3f810152cb56
a1cecc3af65cc0190c03df34709affbd8e4b59fa03a9f0eed0649ccb621057d11056ae9132135a08e43b4673d74bafea
58deb878cc86d733dbe7bf38154b36cf8a96d1567899aaae0c09d4c8b6b7b86fd2a1ea1de62ff8643ec7c27182797722
5e6ac2f0bd61c746961542a3ce3bea5db54fe70e63e6d09f8fc28658e80567a47cfde60ee741e5d85a7bd46931ced822
0365594964b839896fcaabccc9b31959c083f22ad3ee591c32fab2c7448f2a057db2db49ee52e0182741e53865f004cc
8e704b7c5c40bf304c4d8c4f13edf6047c555302d2238d8ce11df2424f1b66c2c5d238d0744db679af2890487031f9c0
aea1c4bb6fe9554ee528fdf1b05e5b256223b2f09215f3719f9c7ccc69ddf172d0d6234217fcc0037f18b93ef5389130
b7a661e5c26e54214068bbcafea32a67818bd3075ad1f5c7e9cc3d1737fb28171baf84dbb6612b7881c1a48e439cd03a
92bf52225a2b38e6542e9f722bce15a381b5753ea842763381ccae83512b30511b32e5e8d80362149ad030aaba5f3a57
98bb22aa7ec1b6d0f17903f4e22d840734aa85973f79a93ffb82a75c47c03d43d2f9ca02d03199baceddd4533a52566a
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
""".replace("\n", ""),
    16,
)
EG_Q = 2**256 - 189
EG_R = (EG_P - 1) // EG_Q
EG_G = pow(2, EG_R, EG_P)
P, Q, GEN = gmpy2.mpz(EG_P), gmpy2.mpz(EG_Q), gmpy2.mpz(EG_G)
ELEMENT_BYTES = 512


T = 2**128
COUNTS: Counter[str] = Counter()  # mod-p operations, by kind, while counting is on
COUNTING = False


def check_constants() -> None:
    assert EG_P.bit_length() == 4096 and (EG_P - 1) % EG_Q == 0
    assert gmpy2.is_prime(P, 25) and gmpy2.is_prime(Q, 25)
    assert EG_G != 1 and gmpy2.powmod(GEN, Q, P) == 1


# --- the same ballot over the mod-p group ------------------------------------------------------


def pw(base: Any, exponent: Any) -> Any:
    if COUNTING:
        bits = int(exponent).bit_length()
        COUNTS["powmod, exponent > 128 bits" if bits > 129 else "powmod, exponent <= 129 bits"] += 1
    return gmpy2.powmod(base, exponent, P)


def inv(x: Any) -> Any:
    if COUNTING:
        COUNTS["modular inverse"] += 1
    return gmpy2.invert(x, P)


def challenge128(items: Sequence[Any], keys_digest: bytes) -> int:
    h = hashlib.sha512(b"bench-modp/ballot" + keys_digest)
    for x in items:
        h.update(int(x).to_bytes(ELEMENT_BYTES, "big"))
    return int.from_bytes(h.digest()[:16], "little")


def valid_element(x: Any) -> bool:
    """Membership in the order-q subgroup: the mod-p counterpart of decoding a ristretto point."""
    return 1 < x < P and pw(x, Q) == 1


def prod(xs: Any) -> Any:
    out = gmpy2.mpz(1)
    for x in xs:
        out = out * x % P
    return out


class ModpElection:
    def __init__(self, shapes: Sequence[Shape], slots: int) -> None:
        self.shapes, self.slots = shapes, slots
        self.keys = [gmpy2.powmod(GEN, secrets.randbelow(EG_Q), P) for _ in range(slots)]
        self.keys_digest = hashlib.sha256(b"".join(int(k).to_bytes(ELEMENT_BYTES, "big") for k in self.keys)).digest()
        self.summed = {s.slots: prod(self.keys[t] for t in s.slots) for s in shapes if s.summed}
        self.g_powers = [gmpy2.powmod(GEN, m, P) for m in range(16)]

    def pairs(self, shape: Shape, betas: Sequence[Any]) -> list[tuple[Any, Any]]:
        if shape.summed:
            return [(self.summed[shape.slots], prod(betas[t] for t in shape.slots))]
        return [(self.keys[t], betas[t]) for t in shape.slots]

    def encrypt(self, values: Sequence[int]) -> dict[str, Any]:
        r = secrets.randbelow(EG_Q)
        alpha = gmpy2.powmod(GEN, r, P)
        betas = [self.g_powers[m] * gmpy2.powmod(h, r, P) % P for m, h in zip(values, self.keys, strict=True)]
        states, commitments = [], []
        for shape in self.shapes:
            message = (sum(values[t] for t in shape.slots),) if shape.summed else tuple(values[t] for t in shape.slots)
            true = shape.messages.index(message)
            pairs = self.pairs(shape, betas)
            cs, vs, u = [], [], secrets.randbelow(EG_Q)
            for j, msg in enumerate(shape.messages):
                if j == true:
                    cs.append(0)
                    vs.append(0)
                    commitments.append(gmpy2.powmod(GEN, u, P))
                    commitments += [gmpy2.powmod(h, u, P) for h, _ in pairs]
                else:
                    c, v = secrets.randbelow(T), secrets.randbelow(EG_Q)
                    cs.append(c)
                    vs.append(v)
                    a_inv = gmpy2.invert(alpha, P)
                    commitments.append(gmpy2.powmod(GEN, v, P) * gmpy2.powmod(a_inv, c, P) % P)
                    for (h, beta), m in zip(pairs, msg, strict=True):
                        target_inv = gmpy2.invert(beta, P) * self.g_powers[m] % P
                        commitments.append(gmpy2.powmod(h, v, P) * gmpy2.powmod(target_inv, c, P) % P)
            states.append((cs, vs, true, u))
        c = challenge128([alpha, *betas, *commitments], self.keys_digest)
        proofs = []
        for cs, vs, true, u in states:
            cs[true] = (c - sum(x for j, x in enumerate(cs) if j != true)) % T
            vs[true] = (u + cs[true] * r) % EG_Q
            proofs.append((cs[:-1], vs))
        return {"alpha": alpha, "betas": betas, "proofs": proofs, "c": c}

    def verify(self, ballot: dict[str, Any]) -> bool:
        alpha, betas, c = ballot["alpha"], ballot["betas"], ballot["c"]
        if len(betas) != self.slots or not all(valid_element(x) for x in (alpha, *betas)):
            return False
        a_inv = inv(alpha)
        a_c, a_t = pw(a_inv, c), pw(a_inv, T)  # α^−c and α^−(2^128), shared by the 0/1 proofs
        beta_inv: dict[Any, Any] = {}
        commitments = []
        for shape, (free, vs) in zip(self.shapes, ballot["proofs"], strict=True):
            if len(free) != len(shape.messages) - 1 or len(vs) != len(shape.messages):
                return False
            if not all(0 <= x < T for x in free) or not all(0 <= v < EG_Q for v in vs):
                return False
            cs = [*free, (c - sum(free)) % T]
            alpha_terms: list[Any] = [None] * len(cs)
            if len(cs) == 2:
                first = pw(a_inv, cs[0])
                second = a_c * inv(first) % P
                if cs[0] + cs[1] != c:
                    second = second * a_t % P
                alpha_terms = [first, second]
            pairs = self.pairs(shape, betas)
            targets: dict[tuple[int, int], Any] = {}
            for msg, cj, vj, a_term in zip(shape.messages, cs, vs, alpha_terms, strict=True):
                commitments.append(pw(GEN, vj) * (pw(a_inv, cj) if a_term is None else a_term) % P)
                for t, ((h, beta), m) in enumerate(zip(pairs, msg, strict=True)):
                    if (t, m) not in targets:
                        if beta not in beta_inv:
                            beta_inv[beta] = inv(beta)
                        targets[(t, m)] = beta_inv[beta] * self.g_powers[m] % P  # (β·g^−m)^−1
                    commitments.append(pw(h, vj) * pw(targets[(t, m)], cj) % P)
        return challenge128([alpha, *betas, *commitments], self.keys_digest) == c


# --- the figures ---------------------------------------------------------------------------------


def ristretto_context() -> ElectionContext:
    manifest = demo_manifest(1, 3, 2, random.Random(1))
    return ElectionContext(manifest, manifest.hash(), [G * Scalar.random() for _ in range(13)])


CHOICES = [frozenset(CANDIDATES[:5]), Answer.YES, Answer.ABSTAIN]
VALUES = [1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0]


def count_ristretto(context: ElectionContext, record: bytes) -> Counter[str]:
    """libsodium calls made by decoding and verifying one ballot."""
    counts: Counter[str] = Counter()
    names = {
        "_scalarmult": "variable-base multiplication",
        "_scalarmult_base": "fixed-base multiplication (G)",
        "_add": "addition",
        "_sub": "subtraction",
        "_is_valid_point": "point validation",
    }
    originals = {name: getattr(group, name) for name in names}

    def counting(name: str) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            counts[names[name]] += 1
            return originals[name](*args)

        return call

    for name in names:
        setattr(group, name, counting(name))
    try:
        assert proof_holds(context, decode_ballot(context, record))
    finally:
        for name, function in originals.items():
            setattr(group, name, function)
    return counts


def per_ballot(ballots: int) -> tuple[float, float, Counter[str], Counter[str]]:
    global COUNTING
    context = ristretto_context()
    records = [
        encode_ballot(context, encrypt_ballot(context, context.manifest.roster[0].id, CHOICES)) for _ in range(ballots)
    ]
    started = time.process_time()
    for record in records:
        assert proof_holds(context, decode_ballot(context, record))
    ours = (time.process_time() - started) / ballots
    modp = ModpElection(context.shapes, context.slots)
    ballots_modp = [modp.encrypt(VALUES) for _ in range(ballots)]
    started = time.process_time()
    for ballot in ballots_modp:
        assert modp.verify(ballot)
    theirs = (time.process_time() - started) / ballots
    COUNTING = True
    assert modp.verify(ballots_modp[0])
    COUNTING = False
    return ours, theirs, count_ristretto(context, records[0]), Counter(COUNTS)


def unit_costs() -> list[tuple[str, float]]:
    """µs per operation, CPU time, each timed in a loop."""
    k = Scalar.random()
    point = G * Scalar.random()
    x = gmpy2.powmod(GEN, secrets.randbelow(EG_Q), P)
    e256, e128 = gmpy2.mpz(secrets.randbelow(EG_Q)), gmpy2.mpz(secrets.randbelow(T))
    cases: list[tuple[str, Callable[[], Any], int]] = [
        ("ristretto255 variable-base multiplication", lambda: point * k, 400),
        ("ristretto255 fixed-base multiplication (G)", lambda: G * k, 400),
        ("ristretto255 addition", lambda: point + point, 400),
        ("ristretto255 point validation", lambda: group.Point.decode(point.data), 400),
        ("4096-bit powmod, 256-bit exponent", lambda: gmpy2.powmod(x, e256, P), 40),
        ("4096-bit powmod, 128-bit exponent", lambda: gmpy2.powmod(x, e128, P), 80),
        ("4096-bit modular multiplication", lambda: x * x % P, 2000),
        ("4096-bit modular inverse", lambda: gmpy2.invert(x, P), 400),
    ]
    out = []
    for name, call, n in cases:
        started = time.process_time()
        for _ in range(n):
            call()
        out.append((name, (time.process_time() - started) / n * 1e6))
    return out


def electionguard(python: str | None, ballots: int) -> float | None:
    """CPU seconds per ballot of ElectionGuard-python 1.4's own verifier, or None without one."""
    if not python:
        return None
    script = Path(__file__).resolve().parent / "electionguard14_ballot.py"
    done = subprocess.run([python, str(script), str(ballots)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"ElectionGuard 1.4 run failed: {done.stderr.strip()[-300:]}")
        return None
    return float(done.stdout.strip().splitlines()[-1])


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the verifier's workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def full_record(entities: int, workdir: Path) -> dict[str, Any]:
    record = workdir / f"record-{entities}"
    started = time.perf_counter()
    outcome = run_demo(record, ballots=entities, trustees=5, threshold=3, workers=2)
    made = time.perf_counter() - started
    load_before = os.getloadavg()[0]
    cpu = cpu_seconds()
    report = verify_record(record, workers=2)
    cpu = cpu_seconds() - cpu
    load_after = os.getloadavg()[0]
    if not report.ok:
        raise SystemExit(f"the generated record does not verify: {report.fault}")
    ballots_bin = (record / "ballots.bin").stat().st_size - HEADER_BYTES
    everything = sum(p.stat().st_size for p in record.iterdir())
    return {
        "made": made,
        "verified": report.seconds,
        "cpu": cpu,
        "per_ballot": ballots_bin / outcome.ballots,
        "per_ballot_all": everything / outcome.ballots,
        "cast": outcome.ballots,
        "load": (load_before, load_after),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 ballots, a 200-entity record")
    parser.add_argument("--entities", type=int, help="ballots in the full record (default 10000)")
    parser.add_argument("--ballots", type=int, help="ballots timed per group (default 10)")
    parser.add_argument(
        "--eg-python",
        default=os.environ.get("ELECTIONGUARD_PYTHON"),
        help="a Python with electionguard==1.4.0, to time ElectionGuard itself (default $ELECTIONGUARD_PYTHON)",
    )
    args = parser.parse_args()
    ballots = args.ballots or (2 if args.quick else 10)
    entities = args.entities or (200 if args.quick else 10_000)
    check_constants()
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores; figures are noisy when it is high)")
    ours, theirs, ops_ours, ops_theirs = per_ballot(ballots)
    eg = electionguard(args.eg_python, max(2, ballots // 3))
    with tempfile.TemporaryDirectory(prefix="bench-crypto-") as tmp:
        full = full_record(entities, Path(tmp))
    ratio = theirs / ours
    cast = full["cast"]
    rows = [
        ("verify one ballot, ristretto255 (CPU time)", f"{ours * 1000:.1f} ms", ""),
        ("verify one ballot, 4096-bit mod p + gmpy2 (CPU)", f"{theirs * 1000:.1f} ms", "same proofs, see docstring"),
        ("ratio", f"{ratio:.1f}x", "target >= 50x " + ("met" if ratio >= 50 else "NOT met")),
        (
            "verify one ballot, ElectionGuard-python 1.4 (CPU)",
            "skipped" if eg is None else f"{eg * 1000:.0f} ms",
            "no --eg-python given" if eg is None else f"{eg / ours:.0f}x ours; its own encoding (22 0/1 proofs)",
        ),
        (
            "bytes per ballot (ballots.bin on disk)",
            f"{full['per_ballot']:.0f}",
            "target <= 2048 " + ("met" if full["per_ballot"] <= 2048 else "NOT met"),
        ),
        ("  whole record directory / ballots", f"{full['per_ballot_all']:.0f}", "manifest, ceremony, tally included"),
        (f"make a {cast}-ballot record (2 cores)", f"{full['made']:.1f} s", ""),
        (
            f"verify the {cast}-ballot record (2 cores)",
            f"{full['verified']:.1f} s",
            "target < 120 s " + ("met" if full["verified"] < 120 else "NOT met"),
        ),
        (
            "  its CPU time, all processes",
            f"{full['cpu']:.1f} s",
            f"= {full['cpu'] / 2:.1f} s on 2 otherwise idle cores",
        ),
        ("  load average before / after verifying", f"{full['load'][0]:.1f}/{full['load'][1]:.1f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    print("\noperations to verify one ballot (9 candidates, at most 7, 2 motions):")
    for name, n in sorted(ops_ours.items()):
        print(f"  ristretto255  {n:4d}  {name}")
    for name, n in sorted(ops_theirs.items()):
        print(f"  mod p         {n:4d}  {name}")
    print("unit costs (CPU time):")
    for name, micros in unit_costs():
        print(f"  {micros:9.1f} µs  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
