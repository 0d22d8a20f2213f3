"""The strict number grammar and the library's decimal contexts (``salesmgmt._decimal``)."""

from __future__ import annotations

import decimal
import time
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import ValidationError, WrongType
from salesmgmt._decimal import EXACT, check_rounding, to_decimal, to_fraction


def parse(value: object) -> Decimal:
    return to_decimal(value, record="Test", field="x")


class TestGrammar:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("0", Decimal(0)),
            ("12.30", Decimal("12.30")),
            ("-7", Decimal(-7)),
            ("+7.5", Decimal("7.5")),
            ("-0.00", Decimal("0.00")),
            ("999999999999999999.99", Decimal("999999999999999999.99")),
        ],
    )
    def test_accepts_plain_decimal_strings(self, text: str, expected: Decimal) -> None:
        result = parse(text)
        assert result == expected
        assert str(result) == str(expected)

    @pytest.mark.parametrize(
        "text",
        [
            "1e3",  # exponent
            "1E3",
            " 1",  # space
            "1 000",
            "1_000",  # Decimal() accepts underscores
            "1,000.00",  # thousands separator
            "١٢",  # Arabic-Indic digits: Decimal() accepts them
            "１２",  # full-width digits
            "12.",
            ".5",
            "",
            "-",
            "NaN",
            "Infinity",
            "sNaN",
            "0x10",
            "1" * 65,
        ],
    )
    def test_refuses_everything_decimal_would_silently_accept(self, text: str) -> None:
        with pytest.raises(ValidationError, match="decimal string"):
            parse(text)

    def test_a_huge_string_is_refused_at_once(self) -> None:
        started = time.perf_counter()
        with pytest.raises(ValidationError):
            parse("9" * 1_000_000)
        assert time.perf_counter() - started < 1.0

    @given(
        st.decimals(
            allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12
        )
    )
    def test_round_trips_plain_strings(self, value: Decimal) -> None:
        text = f"{value:f}"
        assert parse(text) == value


class TestTypesAndSizes:
    @pytest.mark.parametrize("value", [1.5, float("nan"), True, None, [1], Fraction(1, 2)])
    def test_wrong_types_raise_wrong_type(self, value: object) -> None:
        with pytest.raises(WrongType):
            parse(value)

    def test_float_hint_is_shown(self) -> None:
        with pytest.raises(WrongType, match=r"Hint: use from_float"):
            to_decimal(0.1, record="X", field="y", float_hint="use from_float")

    @pytest.mark.parametrize(
        "value",
        [
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
            Decimal("1e999999999"),
            Decimal("1e18"),
            10**18,
            -(10**18),
            pytest.param(10**1_000_000, id="10**1000000"),
            Decimal("1." + "1" * 50),
        ],
    )
    def test_non_finite_too_large_or_too_long_is_refused(self, value: object) -> None:
        started = time.perf_counter()
        with pytest.raises(ValidationError):
            parse(value)
        assert time.perf_counter() - started < 1.0

    def test_negative_zero_becomes_zero(self) -> None:
        assert str(parse(Decimal("-0.00"))) == "0.00"

    @given(st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1))
    def test_ints_below_the_bound_are_exact(self, value: int) -> None:
        assert parse(value) == value


class TestFraction:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(3, Fraction(3)), (Decimal("0.25"), Fraction(1, 4)), (Fraction(2, 3), Fraction(2, 3))],
    )
    def test_exact_values(self, value: object, expected: Fraction) -> None:
        assert to_fraction(value, record="X", field="w") == expected

    @pytest.mark.parametrize(
        "value", [Decimal("1e-19"), Decimal("1e19"), Fraction(1, 10**20), Fraction(10**20, 1)]
    )
    def test_out_of_range(self, value: object) -> None:
        with pytest.raises(ValidationError):
            to_fraction(value, record="X", field="w")


class TestContexts:
    def test_exact_context_traps_rounding(self) -> None:
        with pytest.raises(decimal.Inexact):
            EXACT.divide(Decimal(1), Decimal(3))

    def test_exact_sum_never_depends_on_the_callers_context(self) -> None:
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.rounding = decimal.ROUND_FLOOR
            result = EXACT.add(Decimal("123456.78"), Decimal("0.01"))
            assert ctx.prec == 3
        assert result == Decimal("123456.79")

    def test_rounding_modes(self) -> None:
        assert check_rounding(decimal.ROUND_HALF_UP, record=None) == "ROUND_HALF_UP"
        with pytest.raises(ValidationError):
            check_rounding("HALF_UP", record=None)
        with pytest.raises(ValidationError):
            check_rounding(["ROUND_UP"], record=None)
