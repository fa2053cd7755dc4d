"""Progress bars in one place: drawn only when stderr is a terminal, silent in pipes and CI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")
Progress = Callable[[Iterable[T], int], Iterable[T]]


def progressbar(label: str, silent: bool = False) -> Progress:
    """A wrapper that shows a bar over ``length`` items, or passes them through when not on a terminal."""

    def wrap(items: Iterable[T], length: int) -> Iterator[T]:
        if silent or not sys.stderr.isatty() or length < 2:
            yield from items
            return
        with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap
