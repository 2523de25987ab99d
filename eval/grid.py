"""The small grid searches of `eval.calibrate`: every combination of a few candidate values."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Weights = TypeVar("Weights", bound="DataclassInstance")


def nearest_first(base: Weights, grid: Mapping[str, Sequence[Any]]) -> Iterator[Weights]:
    """`base` with each combination of the grid's values, the smallest change from it first:
    a search that keeps only strictly better points then keeps the closest of equal ones."""
    points = sorted(itertools.product(*grid.values()),
                    key=lambda p: sum(abs(v - getattr(base, k))
                                      for k, v in zip(grid, p, strict=True)))
    for point in points:
        params: dict[str, Any] = dict(zip(grid, point, strict=True))
        yield replace(base, **params)
