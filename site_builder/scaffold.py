"""`site-builder init`: a minimal content root that validates and builds as it is."""

from __future__ import annotations

import datetime as dt

from pathlib import Path

STARTER = Path(__file__).parent / "starter"


def init_root(target: Path, today: dt.date | None = None) -> list[Path]:
    """Copy the starter root into `target` (which must be missing or empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty; choose a new folder")
    today = today or dt.date.today()
    created = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or source.name == "__pycache__":
            continue
        relative = source.relative_to(STARTER)
        relative = Path(*(str(today.year) if part == "YEAR" else part for part in relative.parts))
        if relative.name == "gitignore":  # shipped without the dot so packaging keeps it
            relative = relative.with_name(".gitignore")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8").replace("{{today}}", today.isoformat())
        destination.write_text(text, encoding="utf-8")
        created.append(destination)
    return created


__all__ = ["init_root"]
