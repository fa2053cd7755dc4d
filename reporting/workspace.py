"""The folders of one office's workspace: plan, inbox, outbox, templates, archive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Workspace:
    """The folders of one office's workspace (the repository root is the demo workspace)."""

    root: Path

    @property
    def plan(self) -> Path:
        return self.root / "plan.xlsx"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def templates(self) -> Path:
        return self.root / "templates_xlsx"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def log_file(self) -> Path:
        return self.archive / "intagslogg.csv"

    @property
    def index_file(self) -> Path:
        return self.archive / "index.jsonl"
