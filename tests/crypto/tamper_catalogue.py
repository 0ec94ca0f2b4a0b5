"""Every tampered record `huanjie verify` must refuse, with the fault it must name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huanjie.crypto.faults import FaultCode as F
from huanjie.crypto.group import L
from tests.crypto import forging
from tests.crypto.tampering import (
    ALIAS_OF_IDENTITY,
    BETAS,
    PROOFS,
    Tamper,
    b64,
    ballot_bytes,
    ballots_edit,
    committee,
    forged,
    json_edit,
    last_json_key,
    manifest_edit,
    measure,
    merge_first_two,
    nudge,
    other_point,
    plus_l,
    raw_edit,
    split_developer,
    top_bit,
    unit,
    unreduced,
    write,
    zipped,
)


def _set(path: list[Any], value: Any) -> Any:
    """A change that sets data[path…] = value."""

    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


def _first_commitment(d: Any) -> list[Any]:
    return d["trustees"][1]["commitments"][3]  # type: ignore[no-any-return]


def _relabel_trustee_2_as_3(d: Any) -> None:
    d["decrypting_trustees"] = [1, 3]
    for contest in d["contests"]:
        for option in contest["options"]:
            for m in ("headcount", "area"):
                for partial in option[m].get("partials", []):
                    if partial["trustee"] == 2:
                        partial["trustee"] = 3


def _swap_options(d: Any) -> None:
    options = committee(d)["options"]
    options[0], options[1] = options[1], options[0]


def _zip_without_manifest(record: Path) -> Path:
    return zipped(record, ("election.json", "ballots.bin", "tally.json"))


def _missing(name: str) -> Any:
    def apply(record: Path) -> Path:
        (record / name).unlink()
        return record

    return apply


FILES = [
    Tamper("tally.json missing", F.RECORD_UNREADABLE, _missing("tally.json")),
    Tamper("a ZIP without manifest.json", F.RECORD_UNREADABLE, _zip_without_manifest),
    Tamper("tally.json not JSON", F.JSON_SYNTAX, write("tally.json", b"{not json")),
    Tamper("election.json with a byte-order mark", F.JSON_SYNTAX, raw_edit("election.json", b"{", b"\xef\xbb\xbf{")),
    Tamper("election.json nested 100,000 deep", F.JSON_SYNTAX, write("election.json", b"[" * 100_000 + b"]" * 100_000)),
    Tamper(
        "tally.json in Latin-1",
        F.JSON_SYNTAX,
        raw_edit("tally.json", b'"decrypting_trustees"', b'"decrypting_trustees\xe9"'),
    ),
]

MANIFEST = [
    Tamper("an area of -80.00", F.MANIFEST_AREA, manifest_edit(lambda d: unit(d).__setitem__("area", "-80.00")), "14"),
    Tamper("an area of 0.00", F.MANIFEST_AREA, manifest_edit(lambda d: unit(d).__setitem__("area", "0.00")), "14"),
    Tamper("an area of abc", F.MANIFEST_AREA, manifest_edit(lambda d: unit(d).__setitem__("area", "abc")), "14"),
    Tamper(
        "an area of Infinity",
        F.JSON_NUMBER,
        raw_edit("manifest.json", b'"area":"', b'"area":Infinity,"x":"', rehash=True),
        "14",
    ),
    Tamper(
        "an area as a JSON number",
        F.JSON_NUMBER,
        raw_edit("manifest.json", b'"area":"', b'"area":80.5,"x":"', rehash=True),
        "14",
    ),
    Tamper(
        "an area re-formatted (80.5)",
        F.MANIFEST_AREA,
        manifest_edit(lambda d: unit(d).__setitem__("area", "80.5")),
        "14",
    ),
    Tamper(
        "an area re-formatted (080.50)",
        F.MANIFEST_AREA,
        manifest_edit(lambda d: unit(d).__setitem__("area", "080.50")),
        "14",
    ),
    Tamper(
        "the manifest re-indented",
        F.MANIFEST_NOT_CANONICAL,
        raw_edit("manifest.json", b'{"contests"', b'{ "contests"', rehash=True),
        "14",
    ),
    Tamper(
        "an owner listed twice",
        F.MANIFEST_NOT_CANONICAL,
        manifest_edit(lambda d: unit(d)["owners"].append(unit(d)["owners"][0])),
        "14",
    ),
    Tamper(
        "a candidate twice",
        F.MANIFEST_DUPLICATE,
        manifest_edit(lambda d: committee(d)["candidates"].append("张三")),
        "14",
    ),
    Tamper(
        "a contest twice", F.MANIFEST_DUPLICATE, manifest_edit(lambda d: d["contests"].append(d["contests"][1])), "14"
    ),
    Tamper(
        "an entity id twice",
        F.MANIFEST_DUPLICATE,
        manifest_edit(lambda d: d["roster"][1].__setitem__("entity", d["roster"][0]["entity"])),
    ),
    Tamper(
        "a unit in two entities", F.MANIFEST_DUPLICATE, manifest_edit(lambda d: d["roster"][1]["units"].append(unit(d)))
    ),
    Tamper(
        "a trustee named twice",
        F.MANIFEST_DUPLICATE,
        manifest_edit(lambda d: d["trustees"].__setitem__(1, d["trustees"][0])),
    ),
    Tamper("an extra key", F.MANIFEST_SCHEMA, manifest_edit(_set(["note"], "x")), "14"),
    Tamper(
        "an extra key in a contest",
        F.MANIFEST_SCHEMA,
        manifest_edit(lambda d: committee(d).__setitem__("weight", 2)),
        "14",
    ),
    Tamper("a key missing", F.MANIFEST_SCHEMA, manifest_edit(lambda d: d.pop("threshold"))),
    Tamper("a key twice", F.JSON_DUPLICATE_KEY, last_json_key("manifest.json", "threshold", "1"), "14"),
    Tamper(
        "threshold 1.5", F.JSON_NUMBER, raw_edit("manifest.json", b'"threshold":2', b'"threshold":1.5', rehash=True)
    ),
    Tamper("threshold as a string", F.MANIFEST_SCHEMA, manifest_edit(_set(["threshold"], "2"))),
    Tamper("threshold true", F.MANIFEST_SCHEMA, manifest_edit(_set(["threshold"], True))),
    Tamper("threshold above the trustees", F.MANIFEST_SCHEMA, manifest_edit(_set(["threshold"], 4))),
    Tamper(
        "max_choices above the candidates",
        F.MANIFEST_SCHEMA,
        manifest_edit(lambda d: committee(d).__setitem__("max_choices", 10)),
    ),
    Tamper(
        "an unknown matter",
        F.MANIFEST_SCHEMA,
        manifest_edit(lambda d: d["contests"][1].__setitem__("matter", "buy-a-car")),
    ),
    Tamper(
        "an unknown join",
        F.MANIFEST_SCHEMA,
        manifest_edit(lambda d: d["rules"].__setitem__("join", "same-surname")),
        "15",
    ),
    Tamper(
        "rank_by repeated",
        F.MANIFEST_SCHEMA,
        manifest_edit(lambda d: committee(d).__setitem__("rank_by", ["area", "area"])),
        "15",
    ),
    Tamper(
        "another rules version",
        F.MANIFEST_SCHEMA,
        manifest_edit(lambda d: d["rules"].__setitem__("count", "spec/tally.md v1")),
        "15",
    ),
    Tamper("a control character in the title", F.MANIFEST_SCHEMA, manifest_edit(_set(["title"], "换届\u0000"))),
    Tamper(
        "a lone surrogate in a name",
        F.MANIFEST_SCHEMA,
        raw_edit("manifest.json", "张三".encode(), b"\\ud800", rehash=True),
    ),
    Tamper("the manifest an array", F.MANIFEST_SCHEMA, write("manifest.json", b"[]")),
    Tamper("format 3, an older layout", F.MANIFEST_SCHEMA, manifest_edit(_set(["format"], "huanjie-crypto-record/3"))),
    Tamper("the law's entity split in two", F.MANIFEST_ROSTER, manifest_edit(split_developer), "15"),
    Tamper("two owners' units as one entity", F.MANIFEST_ROSTER, manifest_edit(merge_first_two), "15"),
    Tamper(
        "a delivered unit without owner", F.MANIFEST_ROSTER, manifest_edit(lambda d: unit(d).__setitem__("owners", []))
    ),
    Tamper(
        "an area changed, not rehashed",
        F.MANIFEST_HASH,
        manifest_edit(lambda d: unit(d).__setitem__("area", "999.99"), rehash=False),
    ),
    Tamper(
        "an area changed and rehashed",
        F.TRUSTEE_COMMITMENT,
        manifest_edit(lambda d: unit(d).__setitem__("area", "999.99")),
    ),
]

CEREMONY = [
    Tamper(
        "a commitment changed",
        F.TRUSTEE_COMMITMENT,
        json_edit("election.json", lambda d: _first_commitment(d).__setitem__(1, other_point())),
    ),
    Tamper(
        "a commitment with its top bit set",
        F.CEREMONY_FORMAT,
        json_edit("election.json", lambda d: _first_commitment(d).__setitem__(0, top_bit(_first_commitment(d)[0]))),
        "13",
    ),
    Tamper(
        "a commitment 00…0080",
        F.CEREMONY_FORMAT,
        json_edit("election.json", lambda d: _first_commitment(d).__setitem__(0, b64(ALIAS_OF_IDENTITY))),
        "13",
    ),
    Tamper(
        "a commitment not base64",
        F.CEREMONY_FORMAT,
        json_edit("election.json", lambda d: _first_commitment(d).__setitem__(0, "*" * 44)),
    ),
    Tamper(
        "a commitment in non-canonical base64",
        F.CEREMONY_FORMAT,
        json_edit(
            "election.json",
            lambda d: _first_commitment(d).__setitem__(
                0, _first_commitment(d)[0][:42] + chr(ord(_first_commitment(d)[0][42]) ^ 1) + "="
            ),
        ),
    ),
    Tamper(
        "a Schnorr response not reduced",
        F.CEREMONY_FORMAT,
        json_edit(
            "election.json",
            lambda d: d["trustees"][0]["proofs"][0].__setitem__(0, unreduced(d["trustees"][0]["proofs"][0][0], 32)),
        ),
    ),
    Tamper(
        "a Schnorr response changed",
        F.TRUSTEE_COMMITMENT,
        json_edit(
            "election.json", lambda d: d["trustees"][0]["proofs"][0].__setitem__(0, d["trustees"][0]["proofs"][1][0])
        ),
    ),
    Tamper(
        "an election key changed",
        F.ELECTION_KEY,
        json_edit("election.json", lambda d: d["election_keys"].__setitem__(5, other_point())),
    ),
    Tamper(
        "an election key the identity",
        F.ELECTION_KEY,
        json_edit("election.json", lambda d: d["election_keys"].__setitem__(5, b64(bytes(32)))),
    ),
    Tamper(
        "trustees renumbered",
        F.TRUSTEE_COMMITMENT,
        json_edit("election.json", lambda d: d["trustees"][2].__setitem__("index", 4)),
    ),
    Tamper(
        "a trustee renamed",
        F.TRUSTEE_COMMITMENT,
        json_edit("election.json", lambda d: d["trustees"][2].__setitem__("name", "物业公司")),
    ),
    Tamper("a trustee missing", F.TRUSTEE_COMMITMENT, json_edit("election.json", lambda d: d["trustees"].pop())),
    Tamper("a commitment missing", F.CEREMONY_FORMAT, json_edit("election.json", lambda d: _first_commitment(d).pop())),
    Tamper(
        "the manifest hash in capitals",
        F.CEREMONY_FORMAT,
        json_edit("election.json", lambda d: d.__setitem__("manifest_hash", d["manifest_hash"].upper())),
    ),
    Tamper(
        "election.json with a key twice", F.JSON_DUPLICATE_KEY, last_json_key("election.json", "election_keys", "[]")
    ),
    Tamper(
        "equal slot keys (colluding trustees)",
        F.ELECTION_KEYS_NOT_DISTINCT,
        forged(polynomials=forging.related_slot_keys(1)),
        "15",
    ),
    Tamper(
        "opposite slot keys (colluding trustees)",
        F.ELECTION_KEYS_NOT_DISTINCT,
        forged(polynomials=forging.related_slot_keys(-1)),
        "15",
    ),
]


def _swap_betas(rows: list[bytearray]) -> None:
    rows[4][BETAS : BETAS + 32], rows[4][BETAS + 64 : BETAS + 96] = (
        rows[4][BETAS + 64 : BETAS + 96],
        rows[4][BETAS : BETAS + 32],
    )


def _unreduced_response(rows: list[bytearray]) -> None:
    at = PROOFS + 5 * 80 + 16
    rows[0][at : at + 32] = (int.from_bytes(rows[0][at : at + 32], "little") + L).to_bytes(32, "little")


def _move_to_entity_without_ballot(rows: list[bytearray]) -> None:
    voted = {bytes(r[:4]) for r in rows}
    rows[3][:4] = next(i for i in range(100) if i.to_bytes(4, "big") not in voted).to_bytes(4, "big")


BALLOTS = [
    Tamper("ballots.bin with another magic", F.BALLOT_FORMAT, raw_edit("ballots.bin", b"HJBALLOT", b"HJBALLOX")),
    Tamper(
        "ballots.bin announcing another record size",
        F.BALLOT_FORMAT,
        raw_edit("ballots.bin", (1812).to_bytes(4, "big"), (1813).to_bytes(4, "big")),
    ),
    Tamper(
        "ballots.bin cut short",
        F.BALLOT_FORMAT,
        lambda r: write("ballots.bin", (r / "ballots.bin").read_bytes()[:-1])(r),
    ),
    Tamper("two β swapped", F.BALLOT_PROOF, ballots_edit(_swap_betas)),
    Tamper(
        "α with its top bit set, proven so (the voter's device)",
        F.BALLOT_FORMAT,
        forged(first_ballot=forging.aliased_alpha),
        "13",
    ),
    Tamper("α 00…0080", F.BALLOT_FORMAT, ballot_bytes(2, 20, ALIAS_OF_IDENTITY), "13"),
    Tamper("a β 00…0080", F.BALLOT_FORMAT, ballot_bytes(2, BETAS + 64, ALIAS_OF_IDENTITY), "13"),
    Tamper("α the identity (nonce 0)", F.BALLOT_FORMAT, ballot_bytes(2, 20, bytes(32))),
    Tamper("a β that is no point", F.BALLOT_FORMAT, ballot_bytes(2, BETAS, b"\xff" * 32)),
    Tamper("a response not reduced", F.BALLOT_FORMAT, ballots_edit(_unreduced_response)),
    Tamper("a response changed", F.BALLOT_PROOF, ballots_edit(lambda rows: nudge(rows[0], PROOFS + 5 * 80 + 16 + 32))),
    Tamper(
        "a branch challenge changed",
        F.BALLOT_PROOF,
        ballots_edit(lambda rows: rows[2].__setitem__(PROOFS + 9 * 80, rows[2][PROOFS + 9 * 80] ^ 0x80)),
    ),
    Tamper(
        "the ballot challenge changed",
        F.BALLOT_PROOF,
        ballots_edit(lambda rows: rows[1].__setitem__(4, rows[1][4] ^ 1)),
    ),
    Tamper("an entity outside the roster", F.BALLOT_UNKNOWN_ENTITY, ballot_bytes(3, 0, (99999).to_bytes(4, "big"))),
    Tamper(
        "a ballot moved to an entity that did not vote", F.BALLOT_PROOF, ballots_edit(_move_to_entity_without_ballot)
    ),
    Tamper("a ballot twice", F.BALLOT_DUPLICATE, ballots_edit(lambda rows: rows.append(rows[4]))),
    Tamper("a ballot dropped", F.PARTICIPATION, ballots_edit(lambda rows: rows.pop(2))),
]


def _tally(change: Any) -> Any:
    return json_edit("tally.json", change)


def _add_one(d: Any) -> None:
    """One more approval for 吴十, whom not everybody approved."""
    measure(d, 0, 7)["count"] += 1


def _flip_passed(d: Any) -> None:
    d["result"]["contests"][1]["passed"] = not d["result"]["contests"][1]["passed"]


TALLY = [
    Tamper("a headcount + L, the result the law gives for it", F.COUNT_OUT_OF_RANGE, plus_l(0, 0, "headcount"), "12"),
    Tamper("an area + L, the result the law gives for it", F.COUNT_OUT_OF_RANGE, plus_l(0, 3, "area"), "12"),
    Tamper("a motion's yes + L, abstain negative", F.COUNT_OUT_OF_RANGE, plus_l(2, 0, "headcount"), "12"),
    Tamper("a motion's no area + L", F.COUNT_OUT_OF_RANGE, plus_l(1, 1, "area"), "12"),
    Tamper("a count of -1", F.COUNT_OUT_OF_RANGE, _tally(lambda d: measure(d).__setitem__("count", -1)), "12"),
    Tamper("a count + 1", F.COUNT, _tally(_add_one)),
    Tamper(
        "a count written 5.0",
        F.JSON_NUMBER,
        _tally(lambda d: measure(d).__setitem__("count", float(measure(d)["count"]))),
    ),
    Tamper(
        "a count written as a string",
        F.TALLY_FORMAT,
        _tally(lambda d: measure(d).__setitem__("count", str(measure(d)["count"]))),
    ),
    Tamper(
        "a count written true",
        F.TALLY_FORMAT,
        _tally(lambda d: measure(d, 1, 1, "headcount").__setitem__("count", True)),
    ),
    Tamper(
        "decrypting trustees 1.5", F.JSON_NUMBER, _tally(lambda d: d["decrypting_trustees"].__setitem__(0, 1.5)), "14"
    ),
    Tamper(
        "decrypting trustees as strings",
        F.TALLY_FORMAT,
        _tally(lambda d: d.__setitem__("decrypting_trustees", ["1", "2"])),
    ),
    Tamper("a decrypting trustee twice", F.DECRYPTING_TRUSTEES, _tally(_set(["decrypting_trustees"], [1, 1]))),
    Tamper("too few decrypting trustees", F.DECRYPTING_TRUSTEES, _tally(lambda d: d["decrypting_trustees"].pop())),
    Tamper("decrypting trustee 0", F.DECRYPTING_TRUSTEES, _tally(_set(["decrypting_trustees"], [0, 1]))),
    Tamper("decrypting trustees out of order", F.DECRYPTING_TRUSTEES, _tally(_set(["decrypting_trustees"], [2, 1]))),
    Tamper("trustee 2's parts attributed to trustee 3", F.PARTIAL_DECRYPTION, _tally(_relabel_trustee_2_as_3)),
    Tamper(
        "a partial decryption changed",
        F.PARTIAL_DECRYPTION,
        _tally(lambda d: measure(d)["partials"][1].__setitem__("share", other_point())),
    ),
    Tamper(
        "a partial decryption 00…0080",
        F.TALLY_FORMAT,
        _tally(lambda d: measure(d)["partials"][1].__setitem__("share", b64(ALIAS_OF_IDENTITY))),
        "13",
    ),
    Tamper(
        "a partial decryption's proof changed",
        F.PARTIAL_DECRYPTION,
        _tally(lambda d: measure(d)["partials"][0].__setitem__("proof", measure(d, 0, 2)["partials"][0]["proof"])),
    ),
    Tamper("a combination changed", F.COMBINATION, _tally(lambda d: measure(d).__setitem__("combined", other_point()))),
    Tamper(
        "a tally ciphertext changed",
        F.TALLY_AGGREGATE,
        _tally(lambda d: measure(d).__setitem__("ciphertext", measure(d, 0, 2)["ciphertext"])),
    ),
    Tamper(
        "the participation + 1",
        F.PARTICIPATION,
        _tally(lambda d: d["participating"].__setitem__("headcount", d["participating"]["headcount"] + 1)),
    ),
    Tamper(
        "the participating area as a string",
        F.TALLY_FORMAT,
        _tally(lambda d: d["participating"].__setitem__("area", str(d["participating"]["area"]))),
    ),
    Tamper(
        "an abstain count changed",
        F.COUNT,
        _tally(lambda d: measure(d, 1, 2).__setitem__("count", measure(d, 1, 2)["count"] + 1)),
    ),
    Tamper("the result changed", F.RESULT, _tally(_flip_passed)),
    Tamper("the result with an extra key", F.RESULT, _tally(lambda d: d["result"].__setitem__("note", "ok"))),
    Tamper(
        "the result's quorum written 1",
        F.RESULT,
        _tally(lambda d: d["result"].__setitem__("quorum_met", int(d["result"]["quorum_met"]))),
    ),
    Tamper(
        "tally.json with a count twice",
        F.JSON_DUPLICATE_KEY,
        raw_edit("tally.json", b'"count": ', b'"count": 0, "count": '),
    ),
    Tamper("tally.json with NaN", F.JSON_NUMBER, raw_edit("tally.json", b'"count": ', b'"count": NaN, "x": ')),
    Tamper("two options swapped", F.TALLY_FORMAT, _tally(_swap_options)),
    Tamper("a contest missing", F.TALLY_FORMAT, _tally(lambda d: d["contests"].pop())),
    Tamper("an extra key in a measure", F.TALLY_FORMAT, _tally(lambda d: measure(d).__setitem__("note", 1))),
]

CATALOGUE = FILES + MANIFEST + CEREMONY + BALLOTS + TALLY
