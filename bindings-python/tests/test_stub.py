"""The type stub `_native.pyi` is checked against the compiled module, so it cannot drift."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import coolify_k8s
from coolify_k8s import _native

SOURCE = Path(__file__).resolve().parents[1] / "python" / "coolify_k8s"
INSTALLED = Path(coolify_k8s.__file__).parent


def stub() -> ast.Module:
    return ast.parse((INSTALLED / "_native.pyi").read_text(encoding="utf-8"))


def test_the_installed_package_is_this_source() -> None:
    """The tests run against an install of this tree (test.sh reinstalls before testing)."""
    for path in sorted(SOURCE.iterdir()):
        if path.is_file():
            assert (INSTALLED / path.name).read_bytes() == path.read_bytes(), f"{path.name}: reinstall the package"


def test_stub_names_are_the_module_names() -> None:
    in_stub = {
        node.name for node in stub().body if isinstance(node, (ast.FunctionDef, ast.ClassDef))
    } | {node.target.id for node in stub().body if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}
    at_run_time = {name for name in vars(_native) if not name.startswith("_") or name == "__version__"}
    assert in_stub == at_run_time


def test_stub_signatures_are_the_module_signatures() -> None:
    for node in stub().body:
        if not isinstance(node, ast.FunctionDef):
            continue
        runtime = inspect.signature(getattr(_native, node.name))
        args = node.args
        positional = args.posonlyargs + args.args
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        in_stub = [(a.arg, d is not None and ast.literal_eval(d)) for a, d in zip(positional, defaults)]
        in_stub += [(a.arg, d is not None and ast.literal_eval(d)) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
        real = [(p.name, p.default is not inspect.Parameter.empty and p.default) for p in runtime.parameters.values()]
        assert in_stub == real, node.name


def test_the_package_exports_what_it_says() -> None:
    assert sorted(coolify_k8s.__all__) == sorted(set(coolify_k8s.__all__))
    for name in coolify_k8s.__all__:
        assert hasattr(coolify_k8s, name), name
    public = {name for name in vars(_native) if not name.startswith("_") or name == "__version__"}
    assert public <= set(coolify_k8s.__all__)


def test_mypy_stubtest_agrees(tmp_path: Path) -> None:
    """mypy's stubtest compares every stub against the imported module. It runs in a scratch
    directory: it writes a .mypy_cache into its working directory whatever MYPY_CACHE_DIR says."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "coolify_k8s", "--ignore-missing-stub"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
