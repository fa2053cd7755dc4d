"""Run a command and measure its wall time and the peak of its memory summed over all its processes.

The issue's memory bound is for the whole command: the main process and its worker pool
together. ``resource.getrusage`` gives only the largest child's peak, so this samples the
resident memory (``/proc/PID/status`` VmRSS) of the process and all its descendants every
20 ms and keeps the largest sum. Linux only, like the benchmark machine.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

PROC = Path("/proc")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _rss_kib(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and every descendant, KiB."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo.extend(tree.get(pid, []))
    return total


def measure(argv: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak summed RSS MiB, combined output) of running ``argv`` to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{argv} exited {process.returncode}:\n{output}")
    return elapsed, peak / 1024, output
