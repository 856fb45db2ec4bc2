"""Progress of long imports: a tqdm bar when tqdm is installed, else a plain line.

tqdm (``pip install -e ".[progress]"``) shows a bar that suits terminals and
notebooks alike (``tqdm.auto``); without it, realist writes one line to stderr,
rewritten in place on a terminal and every quarter in a log.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

__all__ = ["Progress", "progress_callback"]

#: What ``progress=`` takes: True for a bar (or a line), or a callable
#: ``progress(done, total)``.
Progress = bool | Callable[[int, int], None]


class _Bar:
    """A ``(done, total)`` callable that drives a tqdm bar, closed when done."""

    def __init__(self, tqdm: Any, what: str) -> None:
        self._tqdm = tqdm
        self._what = what
        self._bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = self._tqdm(total=total, desc=f"realist: {self._what}", unit="")
        self._bar.update(done - self._bar.n)
        if done >= total:
            self._bar.close()


def _line(what: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():  # one line, rewritten in place
            end = "\n" if done >= total else ""
            print(f"\rrealist: {what} {done}/{total}", end=end, file=sys.stderr, flush=True)
        elif done >= total or done * 4 // total != (done - 1) * 4 // total:  # logs: quarters
            print(f"realist: {what} {done}/{total}", file=sys.stderr, flush=True)

    return show


def progress_callback(progress: Progress, what: str) -> Callable[[int, int], None] | None:
    """The ``(done, total)`` callable that `progress` asks for, or None.

    Examples
    --------
    >>> progress_callback(False, "reading") is None
    True
    >>> calls = []
    >>> progress_callback(lambda d, t: calls.append(d), "reading")(3, 10); calls
    [3]
    """
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return _line(what)
        return _Bar(tqdm, what)
    if callable(progress):
        return progress
    return None
