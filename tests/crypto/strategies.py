"""Hypothesis strategies for the group: scalars, points (the identity included), small votes."""

from __future__ import annotations

from hypothesis import strategies as st

from huanjie.crypto.group import IDENTITY, G, L, Point, Scalar

scalars = st.integers(min_value=0, max_value=L - 1).map(Scalar)
nonzero_scalars = st.integers(min_value=1, max_value=L - 1).map(Scalar)
points = st.one_of(st.just(IDENTITY), nonzero_scalars.map(lambda k: G * k))
nonidentity_points: st.SearchStrategy[Point] = nonzero_scalars.map(lambda k: G * k)
areas = st.integers(min_value=1, max_value=10**6)  # up to 10,000 m² in hundredths
