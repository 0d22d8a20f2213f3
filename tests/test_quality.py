"""Quality gates, so that ``pytest`` is the single gate: lint, format, types, purity.

``ruff check``, ``ruff format --check`` and ``mypy --strict`` run as
subprocesses of the interpreter running the tests (``sys.executable -m ...``),
so they use the versions the ``test`` extra installed. A failure shows the
tool's own output.

The purity checks read the package's syntax trees: the domain prints nothing
(only ``__main__`` does), reads no clock and opens no files (DESIGN.md,
principles 1 and 2).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "salesmgmt"
#: What ruff checks and formats (a folder that does not exist yet is left out).
LINTED = ("src", "tests", "benchmarks", "docs/conf.py")

#: ``module.attribute`` calls that read the clock.
CLOCK_CALLS = frozenset(
    {
        "date.today",
        "datetime.now",
        "datetime.today",
        "datetime.utcnow",
        "time.time",
        "time.time_ns",
        "time.localtime",
        "time.gmtime",
    }
)


def _tool(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _linted_paths() -> list[str]:
    return [path for path in LINTED if (ROOT / path).exists()]


def _require_success(result: subprocess.CompletedProcess[str]) -> None:
    if result.returncode != 0:
        command = " ".join(result.args[2:])
        pytest.fail(
            f"$ {command}  (exit {result.returncode})\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _calls(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every call in ``path``: ``print``, ``date.today`` …"""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name):
            found.append((node.lineno, func.id))
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Attribute):  # dt.date.today()
                owner_name = owner.attr
            elif isinstance(owner, ast.Name):
                owner_name = owner.id
            else:
                continue
            found.append((node.lineno, f"{owner_name}.{func.attr}"))
    return found


class TestTools:
    def test_ruff_check(self) -> None:
        _require_success(_tool("ruff", "check", "--no-cache", *_linted_paths()))

    def test_ruff_format(self) -> None:
        _require_success(_tool("ruff", "format", "--check", "--no-cache", *_linted_paths()))

    def test_mypy_strict(self) -> None:
        _require_success(_tool("mypy", "--strict", "src", timeout=600))


class TestPurity:
    def test_the_call_scan_sees_calls(self) -> None:
        # Guards the scans below against silently finding nothing.
        calls = {name for _, name in _calls(PACKAGE / "__main__.py")}
        assert "parse_args" not in calls  # attribute calls are reported with their owner
        assert "parser.parse_args" in calls

    @pytest.mark.parametrize(
        "path",
        [p for p in _modules() if p.name != "__main__.py"],
        ids=lambda p: str(p.relative_to(PACKAGE)),
    )
    def test_only_main_prints(self, path: Path) -> None:
        printing = [
            (line, name)
            for line, name in _calls(path)
            if name in {"print", "pprint", "stdout.write", "stderr.write", "breakpoint"}
        ]
        assert printing == [], f"{path.relative_to(ROOT)} prints; only __main__ may"

    @pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
    def test_no_clock_and_no_files(self, path: Path) -> None:
        impure = [
            (line, name)
            for line, name in _calls(path)
            if name in CLOCK_CALLS or name in {"open", "input", "Path.open", "os.getenv"}
        ]
        assert impure == [], f"{path.relative_to(ROOT)} reads the clock, a file or the env"
