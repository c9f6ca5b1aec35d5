"""Time per call of coolify_k8s for a typical bundle (render vector 01, the first example), in µs,
next to the core's own time for the same work.

    python bench.py [CASE-PREFIX]      # with the venv test.sh builds (~/.cache/coolify-k8s/venv-python)

The core's time is measured in the same process, interleaved with the Python calls, so that a
busy machine slows both alike: `_native._core_seconds` (built with the `test-probes` feature, as
test.sh does) runs the core alone in a Rust loop, with the GIL released. Without it, the
criterion medians of `cargo bench -p coolify-k8s-core --bench render` are shown when present.
Reports; asserts nothing. Each number is the best of several rounds.
"""

from __future__ import annotations

import json
import os
import sys
import timeit
from pathlib import Path
from typing import Any, Callable, Optional

import coolify_k8s
from coolify_k8s import _native

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors" / "render"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "coolify-k8s" / "target"))
ROUNDS = 9


def python_us(function: Callable[[], Any], number: int) -> float:
    return timeit.timeit(function, number=number) / number * 1e6


def criterion_us(*parts: str) -> Optional[float]:
    """A criterion median in µs, or None when that benchmark has not run."""
    path = TARGET / "criterion" / Path(*parts) / "new" / "estimates.json"
    try:
        return float(json.loads(path.read_text())["median"]["point_estimate"]) / 1000
    except (OSError, ValueError, KeyError):
        return None


def main() -> int:
    wanted = sys.argv[1] if len(sys.argv) > 1 else "01-"
    case = next((c for c in sorted(VECTORS.iterdir()) if c.name.startswith(wanted)), None)
    if case is None:
        print(f"no render vector matching {wanted!r} in {VECTORS}", file=sys.stderr)
        return 1
    text = (case / "input.json").read_text(encoding="utf-8")
    bundle = json.loads(text)
    core_seconds: Optional[Callable[[Any, int, bool], float]] = getattr(_native, "_core_seconds", None)

    calls = {
        "render(dict)": (lambda: coolify_k8s.render(bundle), bundle, False),
        "render(str)": (lambda: coolify_k8s.render(text), text, False),
        "render_yaml(dict)": (lambda: coolify_k8s.render_yaml(bundle), bundle, True),
        "render_yaml(str)": (lambda: coolify_k8s.render_yaml(text), text, True),
    }
    number = max(50, timeit.Timer(calls["render(dict)"][0]).autorange()[0])
    best: dict[str, list[float]] = {name: [float("inf"), float("inf")] for name in calls}
    for _ in range(ROUNDS):
        for name, (call, data, yaml) in calls.items():
            best[name][0] = min(best[name][0], python_us(call, number))
            if core_seconds is not None:
                best[name][1] = min(best[name][1], core_seconds(data, number, yaml) / number * 1e6)

    print(f"coolify_k8s {coolify_k8s.__version__}, Python {sys.version.split()[0]}, vector {case.name}")
    print(f"  {'call':<18} {'Python':>10} {'core alone':>12} {'ratio':>6}")
    for name, (py_us, core_us) in best.items():
        if core_seconds is None:
            print(f"  {name:<18} {py_us:7.1f} µs")
        else:
            print(f"  {name:<18} {py_us:7.1f} µs {core_us:9.1f} µs {py_us / core_us:5.2f}x")
    if core_seconds is None:
        print("  (core alone: build with the test-probes feature, as test.sh does)")

    parse = criterion_us("parse", case.name)
    render = criterion_us("parts", "render")
    render_yaml = criterion_us("render+yaml", case.name)
    if parse is not None and render is not None and render_yaml is not None:
        print(
            f"cargo bench (criterion medians, another run): Bundle::from_text {parse:.1f} µs, "
            f"render {render:.1f} µs, render+yaml {render_yaml:.1f} µs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
