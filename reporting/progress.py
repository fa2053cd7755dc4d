"""Progress bars in one place: drawn only when stderr is a terminal, silent in pipes and CI."""

from __future__ import annotations

import sys
from typing import Callable, Iterable, Iterator, TypeVar

import click

T = TypeVar("T")


def progressbar(label: str, silent: bool = False) -> Callable[[list[T]], Iterable[T]]:
    """A wrapper that shows a bar over a list, or passes it through when not on a terminal."""
    def wrap(items: list[T]) -> Iterator[T]:
        if silent or not sys.stderr.isatty() or len(items) < 2:
            yield from items
            return
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar
    return wrap
