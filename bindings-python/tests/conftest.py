"""The shared test vectors (tests/vectors/ at the repository root), read by every language."""

from __future__ import annotations

import os
from pathlib import Path

# COOLIFY_K8S_VECTORS points elsewhere (a scratch copy) when developing.
VECTORS = Path(os.environ.get("COOLIFY_K8S_VECTORS", Path(__file__).resolve().parents[2] / "tests" / "vectors"))


def cases(kind: str) -> list[Path]:
    """The case folders of tests/vectors/<kind>/, sorted by name."""
    folder = VECTORS / kind
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def input_file(case: Path) -> Path:
    """The case's input: input.json or input.yaml."""
    found = [case / name for name in ("input.json", "input.yaml", "input.yml") if (case / name).is_file()]
    assert len(found) == 1, f"{case}: expected exactly one input.json or input.yaml"
    return found[0]
