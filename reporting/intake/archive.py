"""The archive of accepted files: a copy per file under its SHA-256, an index, and the intake log."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from datetime import datetime

from reporting.intake.submission import FileResult
from reporting.plan.periods import Period
from reporting.workspace import Workspace

LOG_FIELDS = ["time", "file", "sha256", "division", "period", "template_version", "result", "reason"]


@dataclass
class LogEntry:
    time: str
    file: str
    sha256: str
    division: str
    period: str
    template_version: str
    result: str  # "godkänd" | "avvisad" | "ersatt" | "oförändrad"
    reason: str = ""


def _archive(ws: Workspace, file: FileResult, period: Period, now: str) -> dict[str, str]:
    folder = ws.archive / period.key / file.reporter
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")  # microseconds: order of arrival, even within a second
    target = folder / f"{stamp}_{file.sha256[:12]}_{file.path.name}"
    shutil.copy2(file.path, target)
    return {
        "time": now,
        "period": period.key,
        "division": file.division_id,
        "sha256": file.sha256,
        "file": file.path.name,
        "archived": str(target.relative_to(ws.root)),
        "reporter": file.reporter,
    }


def _load_index(ws: Workspace) -> list[dict[str, str]]:
    if not ws.index_file.exists():
        return []
    return [json.loads(line) for line in ws.index_file.read_text(encoding="utf-8").splitlines() if line.strip()]


def _save_index(ws: Workspace, index: list[dict[str, str]]) -> None:
    ws.archive.mkdir(parents=True, exist_ok=True)
    temp = ws.index_file.with_suffix(".tmp")
    temp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in index), encoding="utf-8")
    temp.replace(ws.index_file)


def _append_log(ws: Workspace, entries: list[LogEntry]) -> None:
    ws.archive.mkdir(parents=True, exist_ok=True)
    new = not ws.log_file.exists()
    with ws.log_file.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=LOG_FIELDS)
        if new:
            writer.writeheader()
        for entry in entries:
            writer.writerow(entry.__dict__)
