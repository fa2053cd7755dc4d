"""A process pool over many items where one item's failure, even a dying worker, costs only that item.

Intake checks files and ``reporting templates`` writes templates this way. Items go to the
workers in parts (a few dozen per task at first, for less pickling); when a worker dies,
the whole pool breaks, so the items of every task it took down are run again in a fresh
pool, one per task; when such a round gets no item through, its first item is run alone in
a process of its own, so an item that kills every worker ends as its own failure and the
others are still done. A pool that gives no outcome for ``STALL_SECONDS`` (a worker stuck, or a
pool that missed a worker's death) is ended and counts as broken: a run never waits forever, and
an item still stuck when run alone ends as its own failure (``Stalled``).

Workers end with the run: they leave Ctrl-C to this process (a terminal sends it to every process of
the command), this process ends them at once when it is interrupted, and they die with it when it is
killed (``_start_worker``), so nothing is left running, holding the output pipe of ``| tee`` or CI.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future, InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Split = Callable[[list[int], bool], list[list[int]]]  # (pending indices, one per task?) -> the tasks' parts
MOST_PER_PART = 32  # at most this many items per task in the first round
PARTS_PER_WORKER = 4  # and at least this many tasks per worker, so the workers end together
STALL_SECONDS = 300.0  # no outcome for this long: the pool is stuck (a part of 32 files takes seconds)
ENDED_SECONDS = 5.0  # how long the tasks of a pool ended as stuck get to show they were done
PR_SET_PDEATHSIG = 1  # Linux prctl(2): the signal a process gets when its parent ends
WATCH_SECONDS = 1.0  # elsewhere a worker looks this often whether its parent still lives
HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


class Stalled(Exception):
    """An item's task gave no outcome within ``STALL_SECONDS``, alone in its pool: ``failed`` gets this."""

    def __init__(self) -> None:
        super().__init__(f"no outcome in {STALL_SECONDS:g} s")
        minutes = max(1, round(STALL_SECONDS / 60))
        self.waited = f"{minutes} minut{'er' if minutes != 1 else ''}"  # for the callers' Swedish messages


def one_per_task(pending: list[int], single: bool) -> list[list[int]]:
    return [[i] for i in pending]


def in_parts(workers: int) -> Split:
    """Items per task: a few dozen in the first round (less pickling, fewer round trips), one after a failure."""

    def split(pending: list[int], single: bool) -> list[list[int]]:
        size = 1 if single else max(1, min(MOST_PER_PART, len(pending) // (workers * PARTS_PER_WORKER)))
        return [pending[i : i + size] for i in range(0, len(pending), size)]

    return split


def tapering(workers: int) -> Split:
    """Items per task as ``in_parts``, shrinking toward the end to one item, so the workers end together.

    The workers take the next task as each ends; with equal parts of a few dozen items, the worker that
    took the last one left the others idle for half a part's time on average (32 intake files: about
    30 ms of a core). Parts of ``remaining // (workers * PARTS_PER_WORKER)`` items (at most
    ``MOST_PER_PART``) end with single items: about twice as many tasks, each still worth sending.
    """

    def split(pending: list[int], single: bool) -> list[list[int]]:
        if single:
            return [[i] for i in pending]
        parts, start, share = [], 0, workers * PARTS_PER_WORKER
        while start < len(pending):
            size = max(1, min(MOST_PER_PART, (len(pending) - start) // share))
            parts.append(pending[start : start + size])
            start += size
        return parts

    return split


def run_resilient(
    task: Callable[[list[T]], list[R]],
    items: list[T],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    failed: Callable[[T, BaseException | None], R],
    split: Split = one_per_task,
    after_broken: Callable[[list[T]], None] | None = None,
) -> Iterator[tuple[int, R]]:
    """(index, outcome) of every item, as each arrives.

    ``task`` runs in a worker on a part of ``items`` (a module-level function, or a partial of
    one) and returns one outcome per item; ``failed`` is an item's outcome when its task raised
    (the exception; ``Stalled`` when it never ended) or its worker died with it alone (None);
    ``after_broken`` tidies up after items whose worker was ended midway, before they are run again.
    """
    pending, single = list(range(len(items))), split is one_per_task
    while pending:
        broken: list[int] = []
        stuck: list[tuple[int, Stalled]] = []
        try:
            with _pool(min(workers, len(pending)), initializer, initargs) as pool:
                yield from _round(pool, task, items, split(pending, single), single, failed, (broken, stuck))
        except BaseException:  # interrupted, or the caller stopped reading: the workers were ended midway
            if after_broken:
                after_broken([items[i] for i in pending])
            raise
        if after_broken and (broken or stuck):
            after_broken([items[i] for i in [*broken, *(i for i, _ in stuck)]])
        yield from ((i, failed(items[i], why)) for i, why in stuck)
        if single and broken and len(broken) == len(pending):
            first = broken.pop(0)
            yield first, _alone(task, items[first], initializer, initargs, failed, after_broken)
        pending, single = broken, True


def _round(
    pool: ProcessPoolExecutor,
    task: Callable[[list[T]], list[R]],
    items: list[T],
    parts: list[list[int]],
    single: bool,
    failed: Callable[[T, BaseException | None], R],
    lost: tuple[list[int], list[tuple[int, Stalled]]],
) -> Iterator[tuple[int, R]]:
    """One pool's outcomes; the items of parts it gave none for (it broke, or a part of several failed) join
    ``lost``'s broken list, to be run again; an item that stalled in a task of its own joins its stuck list, to fail
    as stuck: a worker takes the tasks in order, so a task waited on after every earlier one ended was running, and
    running the item again would only wait ``STALL_SECONDS`` more (three more times, before)."""
    broken, stuck = lost
    with _held():
        tasks, wait = _submit(pool, task, items, parts, broken), STALL_SECONDS
    for part, future in tasks:
        try:
            outcome = _outcome(future, items[part[0]], single, failed, wait)
        except Stalled as stalled:
            _end(pool)
            if single and wait == STALL_SECONDS:  # waited in full on this item alone: it is the stuck one
                stuck.append((part[0], stalled))
                wait = ENDED_SECONDS
                continue
            outcome, wait = None, ENDED_SECONDS  # the others are done by now, or broken with it
        if outcome is None:
            broken.extend(part)
            continue
        yield from zip(part, outcome)


_OURS: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()  # the pools _pool made, while they live
_host_hook = threading.excepthook  # what a thread's uncaught exception did before ``_quiet_managers``


def _quiet_managers(args: threading.ExceptHookArgs) -> None:
    """A manager thread of one of our pools that fails (CPython 3.11: "dictionary changed size during iteration",
    when a worker dies as a task is handed out) prints no traceback: the pool is then broken or stalls, and its
    items are run again or end as their own failure (``_settle``, ``STALL_SECONDS``). Any other thread's as before."""
    if any(getattr(pool, "_executor_manager_thread", None) is args.thread for pool in list(_OURS)):
        return
    _host_hook(args)


@contextmanager
def _pool(workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> Iterator[ProcessPoolExecutor]:
    """A pool whose workers start with ``_start_worker``. Left by an exception (Ctrl-C, a stop signal, the caller
    closing the generator), its workers are killed first: leaving would otherwise wait for their tasks."""
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(_parent(), initializer, *initargs)) as pool:
        _OURS.add(pool)
        if threading.excepthook is not _quiet_managers:
            global _host_hook
            _host_hook, threading.excepthook = threading.excepthook, _quiet_managers
        try:
            yield pool
        except BaseException:
            _end(pool)
            raise


def _submit(
    pool: ProcessPoolExecutor,
    task: Callable[[list[T]], list[R]],
    items: list[T],
    parts: list[list[int]],
    broken: list[int],
) -> list[tuple[list[int], Future[list[R]]]]:
    """Each part sent to the pool; a worker that dies while parts are still being sent breaks the pool, and the
    parts not sent yet join ``broken``, to be run again with the items that pool took down.

    The pool's manager thread fails the tasks it holds when a worker dies, without the lock ``submit`` holds
    (CPython 3.11.7): a part whose ``submit`` checked the pool still whole, and stored its task only after
    the manager failed the tasks it held, gets a future that never ends. Waited on alone, it would end as
    stuck after ``STALL_SECONDS`` although its item is healthy. A pool seen broken after a ``submit`` is
    therefore settled at once (``_settle``): such a future fails as broken, and its part is run again.
    """
    tasks = []
    for number, part in enumerate(parts):
        try:
            tasks.append((part, pool.submit(task, [items[i] for i in part])))
        except BrokenProcessPool:
            broken.extend(i for rest in parts[number:] for i in rest)
            break
        if getattr(pool, "_broken", False):  # broke while this part was sent: its future may be a lost one
            broken.extend(i for rest in parts[number + 1 :] for i in rest)
            _settle(pool, [future for _, future in tasks])
            break
    return tasks


def _settle(pool: ProcessPoolExecutor, futures: list[Future[Any]]) -> None:
    """A broken pool's futures all ended: its workers killed, its manager thread waited for (it fails every task
    it held), and any future still pending then, one it never held, failed with ``BrokenProcessPool``."""
    _end(pool)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(ENDED_SECONDS)
    for future in futures:
        with suppress(InvalidStateError):  # ended meanwhile by a manager thread that outlived the join
            if not future.done():
                future.set_exception(BrokenProcessPool("the pool broke while this task was handed to it"))


def _outcome(
    future: Future[list[R]],
    first: T,
    single: bool,
    failed: Callable[[T, BaseException | None], R],
    wait: float | None = None,
) -> list[R] | None:
    """The task's outcomes; None when its pool broke or a part of several failed (run its items again, one each).
    Raises ``Stalled`` when none came within ``wait`` seconds (default ``STALL_SECONDS``)."""
    try:
        return future.result(timeout=STALL_SECONDS if wait is None else wait)
    except TimeoutError:  # concurrent.futures.TimeoutError since Python 3.11
        raise Stalled() from None
    except BrokenProcessPool:
        return None
    except Exception as exc:  # e.g. an outcome that cannot be sent back from the worker
        return [failed(first, exc)] if single else None


def _alone(
    task: Callable[[list[T]], list[R]],
    item: T,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    failed: Callable[[T, BaseException | None], R],
    after_broken: Callable[[list[T]], None] | None,
) -> R:
    why: Stalled | None = None
    with _pool(1, initializer, initargs) as pool:
        with _held():
            future = pool.submit(task, [item])
        try:
            outcome = _outcome(future, item, True, failed)
        except Stalled as stalled:
            _end(pool)
            outcome, why = None, stalled
    if outcome is None and after_broken:
        after_broken([item])
    return outcome[0] if outcome else failed(item, why)


def _end(pool: ProcessPoolExecutor) -> None:
    """Kill a stuck pool's workers: the pool then breaks, and leaving it does not wait for them.

    (Python 3.14's ``kill_workers`` does this; the workers are a private attribute before it.)
    """
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


@contextmanager
def _held() -> Iterator[None]:
    """Stop signals wait while workers are started (forked when a task is submitted): one arriving in between
    would run this process's handler in the new worker, a traceback there, before ``_start_worker`` sets its own."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: workers are spawned, no handlers are inherited
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _parent() -> int | None:
    """This process, the workers' parent; None with the forkserver start method, whose server is their parent."""
    return None if multiprocessing.get_start_method() == "forkserver" else os.getpid()


def _start_worker(parent: int | None, initializer: Callable[..., None], *initargs: Any) -> None:
    """Each worker's start, before the caller's ``initializer``.

    Ctrl-C reaches every process of the command: a worker ignores it, and the parent ends the pool.
    A forked worker has the parent's Python signal handlers, which would raise in it and print a
    traceback: a stop signal ends a worker quietly instead. And a worker dies with its parent.
    """
    for number in HELD:
        signal.signal(number, signal.SIG_IGN if number == signal.SIGINT else signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)  # held by the parent while it forked this worker
    _die_with(parent)
    initializer(*initargs)


def _die_with(parent: int | None) -> None:
    """End this worker when its parent ends, however it ends (the out-of-memory killer's SIGKILL too).

    Otherwise it waits forever on its task queue, whose pipe it holds open itself, and so does anything
    reading the command's output. Linux: the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a
    thread looks every ``WATCH_SECONDS`` whether the parent changed.
    """
    if not (sys.platform.startswith("linux") and _death_signal()):
        _watch(os.getppid() if parent is None else parent)
    if parent is not None and os.getppid() != parent:  # the parent ended before the signal was set
        os._exit(1)


def _death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent ends; False when that cannot be asked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """A thread that ends this process once ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
