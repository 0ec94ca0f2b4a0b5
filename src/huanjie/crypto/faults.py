"""What the verifier can find wrong in a record, each named in Chinese and in English.

The codes are stable: scripts and other verifiers may match on them (docs/crypto.md §10 lists
them with what each means). `VERIFIER_ERROR` is the one fault that is not about the record: an
error in the verifier itself. It still fails the verification (nothing unchecked passes), and
the test suite makes sure no tampered record ever reaches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class FaultCode(StrEnum):
    RECORD_UNREADABLE = "record-unreadable"
    JSON_SYNTAX = "json-syntax"
    JSON_DUPLICATE_KEY = "json-duplicate-key"
    JSON_NUMBER = "json-number"
    MANIFEST_SCHEMA = "manifest-schema"
    MANIFEST_DUPLICATE = "manifest-duplicate"
    MANIFEST_AREA = "manifest-area"
    MANIFEST_ROSTER = "manifest-roster"
    MANIFEST_NOT_CANONICAL = "manifest-not-canonical"
    MANIFEST_HASH = "manifest-hash"
    CEREMONY_FORMAT = "ceremony-format"
    TRUSTEE_COMMITMENT = "trustee-commitment"
    ELECTION_KEY = "election-key"
    ELECTION_KEYS_NOT_DISTINCT = "election-keys-not-distinct"
    BALLOT_FORMAT = "ballot-format"
    BALLOT_UNKNOWN_ENTITY = "ballot-unknown-entity"
    BALLOT_DUPLICATE = "ballot-duplicate"
    BALLOT_PROOF = "ballot-proof"
    TALLY_FORMAT = "tally-format"
    PARTICIPATION = "participation"
    TALLY_AGGREGATE = "tally-aggregate"
    DECRYPTING_TRUSTEES = "decrypting-trustees"
    PARTIAL_DECRYPTION = "partial-decryption"
    COMBINATION = "combination"
    COUNT_OUT_OF_RANGE = "count-out-of-range"
    COUNT = "count"
    RESULT = "result"
    VERIFIER_ERROR = "verifier-error"


WORDS: dict[FaultCode, tuple[str, str]] = {
    FaultCode.RECORD_UNREADABLE: ("选举记录缺少文件或无法读取", "the record is missing a file or cannot be read"),
    FaultCode.JSON_SYNTAX: ("文件不是有效的 UTF-8 JSON", "a file is not valid UTF-8 JSON"),
    FaultCode.JSON_DUPLICATE_KEY: ("JSON 对象中有重复的键", "a JSON object repeats a key"),
    FaultCode.JSON_NUMBER: ("JSON 中有非整数或非有限的数", "a JSON number is not an integer or not finite"),
    FaultCode.MANIFEST_SCHEMA: (
        "选举清单的字段缺失、多余或类型不对",
        "a manifest field is missing, unknown or of the wrong type",
    ),
    FaultCode.MANIFEST_DUPLICATE: (
        "选举清单中有重复的事项、候选人、监督人、表决主体或房屋",
        "the manifest repeats a contest, candidate, trustee, entity or unit",
    ),
    FaultCode.MANIFEST_AREA: (
        "选举清单中的面积不是两位小数的正数",
        "a manifest area is not a positive number with two decimals",
    ),
    FaultCode.MANIFEST_ROSTER: (
        "选举清单的表决主体与按认定规则由房屋得出的不同",
        "the manifest's voting entities are not those its join rule gives",
    ),
    FaultCode.MANIFEST_NOT_CANONICAL: (
        "选举清单文件不是其规范格式",
        "manifest.json is not written in its canonical form",
    ),
    FaultCode.MANIFEST_HASH: ("选举清单的哈希值与记录不符", "the manifest does not hash to the recorded value"),
    FaultCode.CEREMONY_FORMAT: (
        "密钥仪式记录格式不对或含有无效的群元素",
        "election.json is malformed or holds an invalid group element",
    ),
    FaultCode.TRUSTEE_COMMITMENT: ("监督人的承诺值或其证明不成立", "a trustee's commitment or its proof is invalid"),
    FaultCode.ELECTION_KEY: (
        "选举公钥不等于各监督人承诺之和",
        "the election key is not the sum of the trustees' commitments",
    ),
    FaultCode.ELECTION_KEYS_NOT_DISTINCT: (
        "两个选项的选举公钥相同或互为相反数",
        "two slots' election keys are equal or opposite",
    ),
    FaultCode.BALLOT_FORMAT: (
        "加密选票格式不对或含有无效的群元素",
        "a ballot is malformed or holds an invalid group element",
    ),
    FaultCode.BALLOT_UNKNOWN_ENTITY: ("选票的表决主体不在名册中", "a ballot's voting entity is not in the roster"),
    FaultCode.BALLOT_DUPLICATE: ("同一表决主体有两张选票", "a voting entity has two ballots"),
    FaultCode.BALLOT_PROOF: ("选票的有效性证明不成立", "a ballot's proof of validity fails"),
    FaultCode.TALLY_FORMAT: (
        "计票记录格式不对或含有无效的群元素",
        "tally.json is malformed or holds an invalid group element",
    ),
    FaultCode.PARTICIPATION: ("参与表决的人数或面积与选票不符", "the participation does not match the ballots"),
    FaultCode.TALLY_AGGREGATE: ("计票密文不等于选票密文之和", "a tally ciphertext is not the sum of the ballots"),
    FaultCode.DECRYPTING_TRUSTEES: ("参与解密的监督人不足法定数或有重复", "too few or repeated decrypting trustees"),
    FaultCode.PARTIAL_DECRYPTION: ("监督人的部分解密证明不成立", "a trustee's partial decryption proof fails"),
    FaultCode.COMBINATION: ("部分解密的合成结果不对", "the combined decryption is wrong"),
    FaultCode.COUNT_OUT_OF_RANGE: (
        "公布的票数超出可能范围（负数或多于参与表决的人数、面积）",
        "a published count is negative or exceeds the participation",
    ),
    FaultCode.COUNT: ("公布的票数与解密结果不符", "a published count does not match its decryption"),
    FaultCode.RESULT: ("表决结果不符合依法计算的结果", "the result is not what the law gives for these counts"),
    FaultCode.VERIFIER_ERROR: (
        "核验程序出错，记录未能核验（请报告此问题）",
        "the verifier itself failed; the record is not verified (please report this)",
    ),
}

# What a terminal may not be able to print, from untrusted text: controls and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, slots=True)
class Fault:
    code: FaultCode
    where: str

    def __str__(self) -> str:
        zh, en = WORDS[self.code]
        return f"[{self.code}] {printable(self.where)}：{zh} ({en})"


class VerificationFailed(Exception):
    def __init__(self, fault: Fault) -> None:
        super().__init__(str(fault))
        self.fault = fault
