"""What the verifier can find wrong in a record, each named in Chinese and in English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultCode(StrEnum):
    RECORD_UNREADABLE = "record-unreadable"
    MANIFEST_HASH = "manifest-hash"
    TRUSTEE_COMMITMENT = "trustee-commitment"
    ELECTION_KEY = "election-key"
    BALLOT_FORMAT = "ballot-format"
    BALLOT_UNKNOWN_ENTITY = "ballot-unknown-entity"
    BALLOT_DUPLICATE = "ballot-duplicate"
    BALLOT_PROOF = "ballot-proof"
    PARTICIPATION = "participation"
    TALLY_AGGREGATE = "tally-aggregate"
    DECRYPTING_TRUSTEES = "decrypting-trustees"
    PARTIAL_DECRYPTION = "partial-decryption"
    COMBINATION = "combination"
    COUNT = "count"
    RESULT = "result"


WORDS: dict[FaultCode, tuple[str, str]] = {
    FaultCode.RECORD_UNREADABLE: ("选举记录无法读取或格式不对", "the record cannot be read or is malformed"),
    FaultCode.MANIFEST_HASH: ("选举清单的哈希值与记录不符", "the manifest does not hash to the recorded value"),
    FaultCode.TRUSTEE_COMMITMENT: ("监督人的承诺值或其证明不成立", "a trustee's commitment or its proof is invalid"),
    FaultCode.ELECTION_KEY: (
        "选举公钥不等于各监督人承诺之和",
        "the election key is not the sum of the trustees' commitments",
    ),
    FaultCode.BALLOT_FORMAT: (
        "加密选票格式不对或含有无效的群元素",
        "a ballot is malformed or holds an invalid group element",
    ),
    FaultCode.BALLOT_UNKNOWN_ENTITY: ("选票的表决主体不在名册中", "a ballot's voting entity is not in the roster"),
    FaultCode.BALLOT_DUPLICATE: ("同一表决主体有两张选票", "a voting entity has two ballots"),
    FaultCode.BALLOT_PROOF: ("选票的有效性证明不成立", "a ballot's proof of validity fails"),
    FaultCode.PARTICIPATION: ("参与表决的人数或面积与选票不符", "the participation does not match the ballots"),
    FaultCode.TALLY_AGGREGATE: ("计票密文不等于选票密文之和", "a tally ciphertext is not the sum of the ballots"),
    FaultCode.DECRYPTING_TRUSTEES: ("参与解密的监督人不足法定数或有重复", "too few or repeated decrypting trustees"),
    FaultCode.PARTIAL_DECRYPTION: ("监督人的部分解密证明不成立", "a trustee's partial decryption proof fails"),
    FaultCode.COMBINATION: ("部分解密的合成结果不对", "the combined decryption is wrong"),
    FaultCode.COUNT: ("公布的票数与解密结果不符", "a published count does not match its decryption"),
    FaultCode.RESULT: ("表决结果不符合依法计算的结果", "the result is not what the law gives for these counts"),
}


@dataclass(frozen=True, slots=True)
class Fault:
    code: FaultCode
    where: str

    def __str__(self) -> str:
        zh, en = WORDS[self.code]
        return f"[{self.code}] {self.where}：{zh} ({en})"


class VerificationFailed(Exception):
    def __init__(self, fault: Fault) -> None:
        super().__init__(str(fault))
        self.fault = fault
