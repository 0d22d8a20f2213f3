"""The worked example (``salesmgmt.demo``) and the command line (``salesmgmt.__main__``)."""

from __future__ import annotations

import contextlib
import decimal
import io
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import WrongType, __version__
from salesmgmt.__main__ import main
from salesmgmt.demo import demo_text


def _line_with(text: str, label: str) -> str:
    """The one line of ``text`` that contains ``label``."""
    found = [line for line in text.splitlines() if label in line]
    assert len(found) == 1, f"expected one line with {label!r}, got {found!r}\n{text}"
    return found[0]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "salesmgmt", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


class TestDemoText:
    # Hand-checked numbers (see docs/metrics.md for the arithmetic):
    # - CNY 1,000,000.00 by 5:3:2 = 500,000 / 300,000 / 200,000 exactly.
    # - USD 100.00 / 3 = 3,333 1/3 cents each; the one cent left goes to the first part.
    # - JPY 100 / 3 = 33 1/3 yen each; the one yen left goes to the first part.
    # - 4-4-5, weeks ending Saturday, year ending on the last Saturday of December
    #   (NRF-style "last" rule): FY2024 ends Sat 2024-12-28 (2024-12-31 is a Tuesday),
    #   FY2025 ends Sat 2025-12-27 (2025-12-31 is a Wednesday): 364 days. Each quarter
    #   is 13 weeks = 91 days: Q1 ends 2024-12-29 + 90 days = 2025-03-29.
    #   FY2022: 2021-12-26 (after Sat 2021-12-25) to Sat 2022-12-31 = 365 + 6 = 371 days.
    @pytest.mark.parametrize(
        ("label", "expected"),
        [
            ("Quarterly target", "1,000,000.00 CNY"),
            ("Rep A (weight 5)", "500,000.00 CNY"),
            ("Rep B (weight 3)", "300,000.00 CNY"),
            ("Rep C (weight 2)", "200,000.00 CNY"),
            ("Sum of the parts", "1,000,000.00 CNY"),
            ("100 USD three ways", "33.34 USD + 33.33 USD + 33.33 USD = 100.00 USD"),
            ("100 JPY three ways", "34 JPY + 33 JPY + 33 JPY = 100 JPY"),
            ("FY2025:", "2024-12-29 to 2025-12-27, 364 days (52 weeks)"),
            ("Q1", "2024-12-29 to 2025-03-29   91 days"),
            ("Q2", "2025-03-30 to 2025-06-28   91 days"),
            ("Q3", "2025-06-29 to 2025-09-27   91 days"),
            ("Q4", "2025-09-28 to 2025-12-27   91 days"),
            ("FY2022", "2021-12-26 to 2022-12-31, 371 days"),
        ],
    )
    def test_hand_checked_numbers(self, label: str, expected: str) -> None:
        assert expected in _line_with(demo_text(), label)

    def test_business_days_in_may_2025_in_china(self) -> None:
        # Checked by hand from the State Council notice 国办发明电〔2024〕12号: May 2025 has
        # 31 days, 9 of them Saturdays/Sundays; Labour Day (1-5 May) takes Thu 1, Fri 2 and
        # Mon 5 off; Dragon Boat (31 May - 2 Jun) starts on a Saturday; the make-up workday
        # is Sun 27 April, outside May. 31 - 9 - 3 = 19.
        text = demo_text()
        assert "2025-05-01 to 2025-05-31: 31 days, 19 business days" in text
        assert "Thu 2025-05-01, Fri 2025-05-02, Mon 2025-05-05" in _line_with(text, "Holidays:")
        assert _line_with(text, "Make-up workdays:").endswith("none")

    def test_without_the_holidays_extra_says_how_to_get_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "holidays", None)  # makes `import holidays` fail
        text = demo_text()
        assert "pip install 'salesmgmt[holidays]'" in text
        assert "Needs the optional 'holidays' package" in text
        assert "19 business days" not in text
        assert "33.34 USD" in text  # the rest of the demo is unaffected

    def test_is_the_same_in_any_decimal_context(self) -> None:
        expected = demo_text()
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.rounding = decimal.ROUND_DOWN
            ctx.traps[decimal.Inexact] = True
            ctx.traps[decimal.Rounded] = True
            before = (ctx.prec, ctx.rounding, dict(ctx.traps), dict(ctx.flags))
            assert demo_text() == expected
            assert (ctx.prec, ctx.rounding, dict(ctx.traps), dict(ctx.flags)) == before

    def test_prints_nothing(self, capsys: pytest.CaptureFixture[str]) -> None:
        demo_text()
        assert capsys.readouterr() == ("", "")

    def test_ends_with_one_newline(self) -> None:
        text = demo_text()
        assert text.endswith("\n")
        assert not text.endswith("\n\n")


class TestMain:
    def test_demo_prints_the_demo_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["demo"]) == 0
        assert capsys.readouterr().out == demo_text()

    def test_no_command_prints_help_and_returns_2(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main([]) == 2
        out = capsys.readouterr().out
        assert out.startswith("usage:")
        assert "demo" in out

    @pytest.mark.parametrize("flag", ["--version"])
    def test_version(self, flag: str, capsys: pytest.CaptureFixture[str]) -> None:
        assert main([flag]) == 0
        assert capsys.readouterr().out == f"salesmgmt {__version__}\n"

    @pytest.mark.parametrize("argv", [["frobnicate"], ["demo", "extra"], ["--no-such-flag"]])
    def test_usage_errors_return_2(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(argv) == 2
        assert "usage:" in capsys.readouterr().err

    @pytest.mark.parametrize("argv", ["demo", 5, [b"demo"], [None], [3.5], {"demo": 1}.values()])
    def test_wrong_argv_types_raise_wrong_type(self, argv: object) -> None:
        with pytest.raises(WrongType, match="main\\(\\): 'argv'"):
            main(argv)

    @given(
        st.lists(
            st.sampled_from(["demo", "--version", "-h", "--help", "x", "-", "--", ""])
            | st.text(max_size=8),
            max_size=4,
        )
    )
    def test_any_string_arguments_give_a_status_not_an_exception(self, argv: list[str]) -> None:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        assert status in {0, 2}
        if status == 2:
            assert "usage:" in out.getvalue() + err.getvalue()
        else:
            assert out.getvalue() != ""


class TestCommandLine:
    def test_demo_exits_0_and_prints_the_demo(self) -> None:
        result = _run("demo")
        assert result.returncode == 0, result.stderr
        assert result.stdout == demo_text()
        assert result.stderr == ""

    def test_no_arguments_exits_2_with_help(self) -> None:
        result = _run()
        assert result.returncode == 2
        assert result.stdout.startswith("usage: python -m salesmgmt")

    def test_version_exits_0(self) -> None:
        result = _run("--version")
        assert result.returncode == 0
        assert result.stdout.strip() == f"salesmgmt {__version__}"
