"""RFC 6238 (and RFC 4226) test vectors, the ±1 step window and the replay guard of accounts.totp."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from huanjie.accounts import totp

SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = b"12345678901234567890123456789012"
SEED_SHA512 = b"1234567890" * 6 + b"1234"

# RFC 6238 Appendix B: time, then the 8-digit codes for SHA-1, SHA-256 and SHA-512.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
# RFC 4226 Appendix D: HOTP of the same SHA-1 seed for counters 0..9.
RFC4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_it_computes_the_rfc_6238_vectors(at, sha1, sha256, sha512):
    assert totp.totp(SEED_SHA1, at, digits=8) == sha1
    assert totp.totp(SEED_SHA256, at, digits=8, digest=hashlib.sha256) == sha256
    assert totp.totp(SEED_SHA512, at, digits=8, digest=hashlib.sha512) == sha512


def test_the_six_digit_code_is_the_last_six_digits_of_the_vector():
    assert [totp.totp(SEED_SHA1, at) for at, *_ in RFC6238] == [sha1[-6:] for _, sha1, *_ in RFC6238]


def test_it_computes_the_rfc_4226_hotp_vectors():
    assert [totp.hotp(SEED_SHA1, counter) for counter in range(10)] == RFC4226


def test_it_accepts_one_step_either_side_and_no_further():
    now = 1111111111.0
    for offset, accepted in [(-90, False), (-60, False), (-30, True), (0, True), (30, True), (60, False)]:
        code = totp.totp(SEED_SHA1, now + offset)
        assert (totp.matching_step(SEED_SHA1, code, now) is not None) is accepted, offset


def test_it_returns_the_step_of_the_code_so_that_the_caller_can_refuse_it_again():
    now = 1111111111.0
    code = totp.totp(SEED_SHA1, now - 30)
    step = totp.matching_step(SEED_SHA1, code, now)
    assert step == totp.step_at(now) - 1
    assert totp.matching_step(SEED_SHA1, code, now, last_step=step) is None  # replay
    assert totp.matching_step(SEED_SHA1, code, now, last_step=step - 1) == step
    # A later step's code is still good after an earlier one was used.
    assert totp.matching_step(SEED_SHA1, totp.totp(SEED_SHA1, now), now, last_step=step) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_never_match(code):
    assert totp.matching_step(SEED_SHA1, code, 59.0) is None


def test_spaces_in_a_typed_code_are_ignored():
    code = totp.totp(SEED_SHA1, 59)
    assert totp.matching_step(SEED_SHA1, f" {code[:3]} {code[3:]} ", 59.0) == 1


def test_the_otpauth_uri_carries_the_secret_issuer_and_parameters():
    uri = totp.otpauth_uri(SEED_SHA1, account="alice", issuer="huanjie")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    assert unquote(parts.path) == "/huanjie:alice"
    query = {key: value[0] for key, value in parse_qs(parts.query).items()}
    assert query == {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "huanjie", "algorithm": "SHA1",
                     "digits": "6", "period": "30"}


def test_the_secret_is_shown_in_groups_of_four():
    assert totp.grouped(SEED_SHA1) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"


def test_new_secrets_are_160_bits_and_differ():
    assert len(totp.new_secret()) == 20
    assert totp.new_secret() != totp.new_secret()
