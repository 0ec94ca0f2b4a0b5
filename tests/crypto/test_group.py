"""ristretto255 through libsodium: canonical encodings, validation, and the identity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from huanjie.crypto.group import IDENTITY, G, GroupError, L, Point, Scalar
from tests.crypto.strategies import nonzero_scalars, points, scalars


@settings(max_examples=25, deadline=None)
@given(scalars, scalars)
def test_the_group_law_matches_scalar_arithmetic(a: Scalar, b: Scalar) -> None:
    assert G * a + G * b == G * (a + b)
    assert G * a - G * b == G * (a - b)
    assert (G * a) * b == G * (a * b)


@settings(max_examples=25, deadline=None)
@given(points)
def test_every_point_decodes_from_its_encoding(point: Point) -> None:
    assert Point.decode(point.encode()) == point


@settings(max_examples=25, deadline=None)
@given(scalars)
def test_every_scalar_decodes_from_its_encoding(s: Scalar) -> None:
    assert Scalar.decode(s.encode()) == s


def test_it_refuses_a_scalar_that_is_not_reduced() -> None:
    with pytest.raises(GroupError):
        Scalar.decode(L.to_bytes(32, "little"))


def test_it_refuses_bytes_that_encode_no_group_element() -> None:
    with pytest.raises(GroupError):
        Point.decode(b"\xff" * 32)  # not a canonical field element


def test_it_refuses_a_non_canonical_encoding_of_a_valid_element() -> None:
    # 2^255 − 19 + 0 is the field prime p: the non-canonical encoding of s = 0 (the identity).
    p = 2**255 - 19
    with pytest.raises(GroupError):
        Point.decode(p.to_bytes(32, "little"))


def test_it_refuses_a_point_of_the_wrong_length() -> None:
    with pytest.raises(GroupError):
        Point.decode(bytes(31))


@settings(max_examples=10, deadline=None)
@given(nonzero_scalars)
def test_the_identity_is_handled_where_libsodium_reports_an_error(k: Scalar) -> None:
    point = G * k
    assert point * 0 == IDENTITY
    assert IDENTITY * k == IDENTITY
    assert point - point == IDENTITY
    assert point + IDENTITY == point
    assert point + (-point) == IDENTITY


def test_the_identity_is_a_valid_element() -> None:
    assert Point.decode(bytes(32)).is_identity


@settings(max_examples=10, deadline=None)
@given(points)
def test_it_refuses_an_encoding_with_the_top_bit_set(point: Point) -> None:
    # RFC 9496 §4.3.1: bit 255 must be clear. Debian 12's libsodium 1.0.18 ignores it and takes
    # such bytes as the same element, so each element would have two encodings (two trackers,
    # proofs hashed over either) and 00…0080 would pass for the identity without being it.
    alias = bytearray(point.encode())
    alias[31] |= 0x80
    with pytest.raises(GroupError, match="top bit"):
        Point.decode(bytes(alias))


def test_it_refuses_the_identity_written_with_the_top_bit_set() -> None:
    with pytest.raises(GroupError):
        Point.decode(bytes(31) + b"\x80")
