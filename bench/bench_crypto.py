"""How fast is the encrypted ballot? ristretto255 against a 4096-bit mod-p group, and a full record.

    PYTHONPATH=src python bench/bench_crypto.py [--quick] [--entities 10000] [--ballots 10]

Three figures, printed as a table:

1. per-ballot verification of a 9-candidate (at most 7 approved), 2-motion ballot: our
   ristretto255 code (`huanjie.crypto.ballot.proof_holds` after decoding) against the *same*
   proofs — CDS 0/1 proofs on 13 ciphertexts and 2 derived abstains, a 0..7 range proof on the
   number approved, one shared Fiat–Shamir challenge, every received element validated —
   implemented below over ElectionGuard's 4096-bit group with gmpy2, in the same process.
   Target: ristretto255 at least 50x faster.
2. the record's bytes per ballot (a line of ballots.jsonl). Target: at most 2 KB.
3. verifying a whole record of `--entities` ballots (10,000 by default: every entity votes),
   including the weighted tally and the decryptions, on both cores. Target: under 2 minutes.
   Making that record takes a while too; it is cached in a temporary directory for the run.

The group is ElectionGuard's standard one (specification 1.0, "Parameter Requirements"):
p of 4096 bits, q = 2^256 − 189, p = q·r + 1, g = 2^r mod p — the constants below are
checked at start-up (p and q prime, p − 1 = q·r, g of order q).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

import gmpy2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from huanjie.crypto.ballot import ElectionContext, decode_ballot, encrypt_ballot, proof_holds  # noqa: E402
from huanjie.crypto.demo import CANDIDATES, run_demo  # noqa: E402
from huanjie.crypto.group import G, Scalar  # noqa: E402
from huanjie.crypto.manifest import Entity, Manifest  # noqa: E402
from huanjie.crypto.verifier import verify_record  # noqa: E402
from huanjie.rules import Answer, Election, Matter, Motion  # noqa: E402

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


def check_constants() -> None:
    assert EG_P.bit_length() == 4096 and (EG_P - 1) % EG_Q == 0
    assert gmpy2.is_prime(P, 25) and gmpy2.is_prime(Q, 25)
    assert EG_G != 1 and gmpy2.powmod(GEN, Q, P) == 1


# --- the same ballot over the mod-p group ------------------------------------------------------


def challenge_modp(items: list[int]) -> int:
    h = hashlib.sha512(b"bench-modp/ballot")
    for x in items:
        h.update(int(x).to_bytes(ELEMENT_BYTES, "big"))
    return int.from_bytes(h.digest(), "big") % EG_Q


def valid_element(x: gmpy2.mpz) -> bool:
    """Membership in the order-q subgroup: the mod-p counterpart of decoding a ristretto point."""
    return 0 < x < P and gmpy2.powmod(x, Q, P) == 1


def encrypt_modp(m: int, key: gmpy2.mpz, r: int) -> tuple[gmpy2.mpz, gmpy2.mpz]:
    return gmpy2.powmod(GEN, r, P), gmpy2.powmod(GEN, m, P) * gmpy2.powmod(key, r, P) % P


def commit_modp(
    ct: tuple[gmpy2.mpz, gmpy2.mpz], key: gmpy2.mpz, value: int, r: int, bound: int
) -> tuple[list[int], list, int]:
    alpha, beta = ct
    cs, vs, commitments = [], [], []
    u = secrets.randbelow(EG_Q)
    for j in range(bound + 1):
        if j == value:
            c, v = 0, 0
            a, b = gmpy2.powmod(GEN, u, P), gmpy2.powmod(key, u, P)
        else:
            c, v = secrets.randbelow(EG_Q), secrets.randbelow(EG_Q)
            a, b = branch_modp(alpha, beta, key, j, c, v)
        cs.append(c)
        vs.append(v)
        commitments += [a, b]
    return commitments, [cs, vs, value, u, r], bound


def branch_modp(alpha, beta, key, j, c, v):  # type: ignore[no-untyped-def]
    """a = g^v · α^(−c), b = K^v · (β / g^j)^(−c)."""
    shifted = beta * gmpy2.invert(gmpy2.powmod(GEN, j, P), P) % P if j else beta
    a = gmpy2.powmod(GEN, v, P) * gmpy2.powmod(alpha, EG_Q - c, P) % P
    b = gmpy2.powmod(key, v, P) * gmpy2.powmod(shifted, EG_Q - c, P) % P
    return a, b


def respond_modp(state: list, c: int) -> tuple[list[int], list[int]]:  # type: ignore[type-arg]
    cs, vs, value, u, r = state
    cs[value] = (c - sum(x for i, x in enumerate(cs) if i != value)) % EG_Q
    vs[value] = (u + cs[value] * r) % EG_Q
    return cs[:-1], vs


def make_ballot_modp(key: gmpy2.mpz) -> dict:  # type: ignore[type-arg]
    values = [1, 1, 0, 1, 0, 1, 0, 0, 1]
    motions = [(1, 0), (0, 0)]
    nonces = [secrets.randbelow(EG_Q) for _ in range(13)]
    cts = [encrypt_modp(m, key, r) for m, r in zip([*values, 1, 0, 0, 0], nonces, strict=True)]
    jobs = [(cts[i], values[i], nonces[i], 1) for i in range(9)]
    total = (prod(ct[0] for ct in cts[:9]), prod(ct[1] for ct in cts[:9]))
    jobs.append((total, sum(values), sum(nonces[:9]) % EG_Q, 7))
    for k, (yes, no) in enumerate(motions):
        y, n = cts[9 + 2 * k], cts[10 + 2 * k]
        ry, rn = nonces[9 + 2 * k], nonces[10 + 2 * k]
        jobs += [(y, yes, ry, 1), (n, no, rn, 1), (abstain_modp(y, n), 1 - yes - no, (-ry - rn) % EG_Q, 1)]
    firsts = [commit_modp(ct, key, v, r, b) for ct, v, r, b in jobs]
    c = challenge_modp([key, *[x for ct in cts for x in ct], *[x for f in firsts for x in f[0]]])
    return {"key": key, "cts": cts, "proofs": [respond_modp(f[1], c) for f in firsts], "c": c}


def prod(xs) -> gmpy2.mpz:  # type: ignore[no-untyped-def]
    out = gmpy2.mpz(1)
    for x in xs:
        out = out * x % P
    return out


def abstain_modp(y, n):  # type: ignore[no-untyped-def]
    return (gmpy2.invert(y[0] * n[0] % P, P), GEN * gmpy2.invert(y[1] * n[1] % P, P) % P)


def verify_ballot_modp(ballot: dict) -> bool:  # type: ignore[type-arg]
    key, cts, c = ballot["key"], ballot["cts"], ballot["c"]
    if not all(valid_element(x) for ct in cts for x in ct):
        return False
    targets = [(cts[i], 1) for i in range(9)]
    targets.append(((prod(ct[0] for ct in cts[:9]), prod(ct[1] for ct in cts[:9])), 7))
    for k in range(2):
        y, n = cts[9 + 2 * k], cts[10 + 2 * k]
        targets += [(y, 1), (n, 1), (abstain_modp(y, n), 1)]
    commitments = []
    for (ct, bound), (cs, vs) in zip(targets, ballot["proofs"], strict=True):
        if len(cs) != bound or len(vs) != bound + 1:
            return False
        all_cs = [*cs, (c - sum(cs)) % EG_Q]
        for j, (cj, vj) in enumerate(zip(all_cs, vs, strict=True)):
            commitments += branch_modp(ct[0], ct[1], key, j, cj, vj)
    return challenge_modp([key, *[x for ct in cts for x in ct], *commitments]) == c


# --- the figures ---------------------------------------------------------------------------------


def ristretto_context() -> ElectionContext:
    contests = (
        Election("committee", Matter.ELECT_COMMITTEE, 7, CANDIDATES),
        Motion("facade-fund", Matter.USE_MAINTENANCE_FUND),
        Motion("lift-fund", Matter.RAISE_MAINTENANCE_FUND),
    )
    manifest = Manifest("bench", "bench", ("a", "b", "c"), 2, contests, (Entity("E1", 10000),))
    return ElectionContext(manifest, manifest.hash(), G * Scalar.random())


def per_ballot(ballots: int) -> tuple[float, float, int]:
    context = ristretto_context()
    choices = [frozenset(CANDIDATES[:5]), Answer.YES, Answer.ABSTAIN]
    lines = [json.dumps(encrypt_ballot(context, "E1", choices).to_dict(context.manifest_hash)) for _ in range(ballots)]
    started = time.process_time()  # CPU time: other work on the machine does not inflate it
    for line in lines:
        assert proof_holds(context, decode_ballot(json.loads(line), context.manifest))
    ours = (time.process_time() - started) / ballots
    key = gmpy2.powmod(GEN, secrets.randbelow(EG_Q), P)
    modp = [make_ballot_modp(key) for _ in range(ballots)]
    started = time.process_time()
    for ballot in modp:
        assert verify_ballot_modp(ballot)
    theirs = (time.process_time() - started) / ballots
    return ours, theirs, len(lines[0]) + 1


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the verifier's workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def full_record(entities: int, workdir: Path) -> tuple[float, float, float, int, int]:
    record = workdir / f"record-{entities}"
    started = time.perf_counter()
    outcome = run_demo(record, ballots=entities, trustees=5, threshold=3, workers=2)
    made = time.perf_counter() - started
    cpu = cpu_seconds()
    report = verify_record(record, workers=2)
    cpu = cpu_seconds() - cpu
    if not report.ok:
        raise SystemExit(f"the generated record does not verify: {report.fault}")
    size = (record / "ballots.jsonl").stat().st_size
    return made, report.seconds, cpu, size // outcome.ballots, outcome.ballots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 ballots, a 200-entity record")
    parser.add_argument("--entities", type=int, help="ballots in the full record (default 10000)")
    parser.add_argument("--ballots", type=int, help="ballots timed per group (default 10)")
    args = parser.parse_args()
    ballots = args.ballots or (2 if args.quick else 10)
    entities = args.entities or (200 if args.quick else 10_000)
    check_constants()
    ours, theirs, line_bytes = per_ballot(ballots)
    with tempfile.TemporaryDirectory(prefix="bench-crypto-") as tmp:
        made, verified, cpu, per_record_ballot, cast = full_record(entities, Path(tmp))
    ratio = theirs / ours
    rows = [
        ("verify one ballot, ristretto255 (CPU time)", f"{ours * 1000:.1f} ms", ""),
        ("verify one ballot, 4096-bit mod p + gmpy2 (CPU)", f"{theirs * 1000:.1f} ms", ""),
        ("ratio", f"{ratio:.1f}x", "target >= 50x " + ("met" if ratio >= 50 else "NOT met")),
        (
            "bytes per ballot (ballots.jsonl line)",
            f"{per_record_ballot}",
            "target <= 2048 " + ("met" if per_record_ballot <= 2048 else "NOT met"),
        ),
        (f"make a {cast}-ballot record (2 cores)", f"{made:.1f} s", ""),
        (
            f"verify the {cast}-ballot record (2 cores)",
            f"{verified:.1f} s",
            "target < 120 s " + ("met" if verified < 120 else "NOT met"),
        ),
        ("  its CPU time, all processes", f"{cpu:.1f} s", f"= {cpu / 2:.1f} s on 2 otherwise idle cores"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    print(f"(single-ballot line measured at {line_bytes} bytes; 9 candidates, max 7, 2 motions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
