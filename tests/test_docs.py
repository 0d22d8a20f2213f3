"""The documentation: the site builds without a warning and its examples run.

* The Sphinx site is built the way a release builds it
  (``sphinx-build -W --keep-going -b html``) into a temporary folder.
* Every ``>>>`` example in a fenced ``python`` block of ``README.md`` and
  ``docs/*.md`` runs as a doctest, one namespace per page, so a tour can build
  on its earlier steps.
* The API reference documents exactly ``salesmgmt.__all__``, in its order.
"""

from __future__ import annotations

import doctest
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import salesmgmt

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: The README's first code block, exactly: the CI runs the second line verbatim.
README_COMMANDS = (
    "python -m venv .venv && . .venv/bin/activate && python -m pip install ."
    " && python -m salesmgmt demo\n"
    'python -m pip install -e ".[test]" && python -m pytest -n 2\n'
)
PAGES_WITH_EXAMPLES = sorted([ROOT / "README.md", *DOCS.glob("*.md")])
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
#: A fenced block: its opening fence, info string, body and closing fence.
FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
AUTODOC = re.compile(r"^\.\. auto(?:class|function|exception):: salesmgmt\.(\w+)$", re.MULTILINE)


def _python_examples(text: str) -> str:
    """``text`` with everything but fenced python blocks blanked, keeping line numbers."""
    kept = ["" for _ in text.splitlines()]
    for match in FENCE.finditer(text):
        if match["info"].strip().split(" ")[0] not in {"python", "py", "pycon"}:
            continue
        first = text.count("\n", 0, match.start("body"))
        for offset, line in enumerate(match["body"].splitlines()):
            kept[first + offset] = line
    return "\n".join(kept) + "\n"


def _run_examples(path: Path) -> tuple[int, int, str]:
    """(attempted, failed, report) for the ``>>>`` examples of one page."""
    source = _python_examples(path.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(
        source, globs={}, name=path.name, filename=str(path), lineno=0
    )
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
    runner.run(test, out=out.write)
    return runner.tries, runner.failures, out.getvalue()


def _first_code_block(text: str) -> str:
    match = FENCE.search(text)
    assert match is not None, "README.md has no code block"
    return match["body"]


class TestSite:
    def test_builds_without_warnings(self, tmp_path: Path) -> None:
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "html"),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if result.returncode != 0:
            output = f"{result.stdout}\n{result.stderr}"
            pytest.fail(f"sphinx-build failed (exit {result.returncode})\n{output}", pytrace=False)
        assert (tmp_path / "html" / "index.html").is_file()
        assert (tmp_path / "html" / "api.html").is_file()


class TestExamples:
    @pytest.mark.parametrize("path", PAGES_WITH_EXAMPLES, ids=lambda p: p.name)
    def test_examples_run(self, path: Path) -> None:
        _, failed, report = _run_examples(path)
        if failed:
            pytest.fail(f"{failed} example(s) failed in {path.name}\n{report}", pytrace=False)

    @pytest.mark.parametrize("name", ["README.md", "index.md", "getting-started.md", "errors.md"])
    def test_pages_that_must_show_examples_have_them(self, name: str) -> None:
        path = ROOT / name if name == "README.md" else DOCS / name
        attempted, _, _ = _run_examples(path)
        assert attempted > 0

    def test_a_wrong_example_is_reported(self, tmp_path: Path) -> None:
        # Guards the runner: a page whose example is wrong must fail, and text
        # outside python fences must not be run.
        page = tmp_path / "page.md"
        page.write_text(
            "Prose.\n\n```python\n>>> 1 + 1\n3\n```\n\n```text\n>>> 1 + 1\n5\n```\n",
            encoding="utf-8",
        )
        attempted, failed, report = _run_examples(page)
        assert (attempted, failed) == (1, 1)
        assert "page.md" in report


class TestReadme:
    def test_first_code_block_is_the_two_commands(self) -> None:
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        assert _first_code_block(text) == README_COMMANDS

    def test_ci_runs_the_second_command_verbatim(self) -> None:
        script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        command = README_COMMANDS.splitlines()[1]
        assert command in script.splitlines(), f".ci/run must run, verbatim: {command}"

    @pytest.mark.parametrize(
        "page", ["getting-started", "money", "periods", "calendars", "records", "errors"]
    )
    def test_links_to_the_guides(self, page: str) -> None:
        assert f"docs/{page}.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def _area_of(name: str) -> str | None:
    """The public area subpackage (``salesmgmt.pipeline``) that defines ``name``,
    or ``None`` for a foundation name."""
    module = getattr(getattr(salesmgmt, name), "__module__", "")
    parts = module.split(".")
    area = ".".join(parts[:2])
    if len(parts) > 2 and parts[1] not in FOUNDATION_MODULES:
        return area
    return None


#: Subpackages documented name by name in api.md; every other public
#: subpackage is an area, documented with automodule.
FOUNDATION_MODULES = frozenset({"errors", "money", "periods", "records"})


class TestApiReference:
    def test_documents_exactly_the_foundation_names_in_order(self) -> None:
        # The foundation is documented name by name; each area's names (also
        # exported from salesmgmt) are documented once, in their subpackage.
        documented = AUTODOC.findall((DOCS / "api.md").read_text(encoding="utf-8"))
        foundation = [name for name in salesmgmt.__all__ if _area_of(name) is None]
        assert documented == foundation

    def test_documents_every_area(self) -> None:
        text = (DOCS / "api.md").read_text(encoding="utf-8")
        areas = {_area_of(name) for name in salesmgmt.__all__} - {None}
        assert areas, "no area subpackage found"
        for area in sorted(areas):  # type: ignore[type-var]
            assert f".. automodule:: {area}\n   :members:" in text, area

    def test_documents_the_strategies_module(self) -> None:
        assert ".. automodule:: salesmgmt.strategies" in (DOCS / "api.md").read_text(
            encoding="utf-8"
        )


class TestGlossary:
    @pytest.mark.parametrize(
        ("original", "ours"),
        [
            ("销售目标", "quota / target"),
            ("销售指标", "quota / target"),
            ("单子", "opportunity / deal"),
            ("抓单", "deal inspection"),
            ("续费率", "renewal rate"),
            ("回款率", "collection rate"),
            ("提成", "commission"),
            ("奖金", "bonus"),
            ("淡季", "seasonality"),
            ("旺季", "seasonality"),
            ("调休", "make-up workday"),
            ("绩效考核", "scorecard"),
            ("客户分级", "account tiering"),
            ("2/8 法则", "80/20 rule"),
        ],
    )
    def test_maps_the_seed_vocabulary(self, original: str, ours: str) -> None:
        rows = [
            line
            for line in (DOCS / "glossary.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and original in line.split("|")[1]
        ]
        assert rows, f"no glossary row for {original}"
        assert any(ours in row for row in rows)


class TestChangelog:
    def test_keeps_an_unreleased_section(self) -> None:
        text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        assert text.startswith("# Changelog\n")
        assert "\n## Unreleased\n" in text
        assert "\n### Added\n" in text

    def test_the_site_includes_it(self) -> None:
        text = (DOCS / "changelog.md").read_text(encoding="utf-8")
        assert "```{include} ../CHANGELOG.md" in text
