"""The LMDI-I gap decomposition (``salesmgmt.reviews.decompose_gap``)."""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salesmgmt import ValidationError, WrongType
from salesmgmt.reviews import MAX_FACTORS, decompose_gap, log_mean

D = Decimal
NAMES = ("leads", "win_rate", "deal_size", "activities")
# Positive factors with up to 6 decimal places (counts, rates, sizes).
positive = st.decimals(min_value=D("0.000001"), max_value=D("1000000"), places=6)
non_negative = st.one_of(st.just(D(0)), positive)


def product(values: dict[str, Decimal]) -> Fraction:
    result = Fraction(1)
    for value in values.values():
        result *= Fraction(value)
    return result


def exact_sum(parts: dict[str, Decimal]) -> Fraction:
    return sum((Fraction(part) for part in parts.values()), Fraction(0))


@st.composite
def factor_pairs(
    draw: st.DrawFn, values: st.SearchStrategy[Decimal] = positive
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    size = draw(st.integers(1, len(NAMES)))
    names = NAMES[:size]
    return (
        {name: draw(values) for name in names},
        {name: draw(values) for name in names},
    )


class TestWorkedExamples:
    # Two reps, bookings = leads x win rate x deal size.
    # Rep A (actual): 30 x 0.20 x 1500 = 9000; rep B (benchmark): 40 x 0.25 x 1000 = 10000.
    # Gap = -1000.  L(9000, 10000) = -1000 / ln(0.9) = -1000 / -0.10536052 = 9491.2216.
    # leads: 9491.2216 x ln(30/40 = 0.75) = 9491.2216 x -0.28768207 = -2730.454
    # win:   9491.2216 x ln(0.20/0.25 = 0.8) = 9491.2216 x -0.22314355 = -2117.905
    # size:  9491.2216 x ln(1500/1000 = 1.5) = 9491.2216 x 0.40546511 = +3848.359
    # Check: -2730.454 - 2117.905 + 3848.359 = -1000.000.
    def test_two_reps(self) -> None:
        parts = decompose_gap(
            {"leads": 30, "win_rate": D("0.20"), "deal_size": 1500},
            {"leads": 40, "win_rate": D("0.25"), "deal_size": 1000},
        )
        assert list(parts) == ["leads", "win_rate", "deal_size"]
        rounded = {name: round(part, 2) for name, part in parts.items()}
        assert rounded == {
            "leads": D("-2730.45"),
            "win_rate": D("-2117.90"),
            "deal_size": D("3848.36"),
        }
        assert exact_sum(parts) == -1000

    @pytest.mark.parametrize(
        ("actual", "reference", "expected"),
        [
            # Only leads changed: the whole gap (20 x 2 - 10 x 2 = 20) is theirs.
            ({"leads": 20, "size": 2}, {"leads": 10, "size": 2}, {"leads": 20, "size": 0}),
            # Equal inputs: zeros.
            ({"a": 3, "b": 7}, {"a": 3, "b": 7}, {"a": 0, "b": 0}),
            # Same output from different factors: 2 x 3 = 3 x 2; parts cancel:
            # L(6, 6) = 6; a: 6 ln(2/3) = 6 x -0.40546511 = -2.4327907; b: +2.4327907.
            ({"a": 2, "b": 3}, {"a": 3, "b": 2}, {"a": D("-2.432791"), "b": D("2.432791")}),
            # Zero rule, one side zero: the factor that became zero takes the whole
            # change 0 x 5 - 4 x 2 = -8; the other part is zero.
            ({"leads": 0, "size": 5}, {"leads": 4, "size": 2}, {"leads": -8, "size": 0}),
            # Two factors became zero: they share the change -(2 x 3 x 1) = -6 equally.
            ({"a": 0, "b": 0, "c": 3}, {"a": 2, "b": 3, "c": 1}, {"a": -3, "b": -3, "c": 0}),
            # Zero in the reference: the factor that grew from zero takes 1 x 4 - 0 = 4.
            ({"a": 1, "b": 4}, {"a": 0, "b": 9}, {"a": 4, "b": 0}),
            # Both products zero: nothing to explain.
            ({"a": 0, "b": 4}, {"a": 5, "b": 0}, {"a": 0, "b": 0}),
        ],
    )
    def test_table(
        self, actual: dict[str, int], reference: dict[str, int], expected: dict[str, Decimal]
    ) -> None:
        parts = decompose_gap(actual, reference)
        assert {name: round(part, 6) for name, part in parts.items()} == expected

    def test_log_mean(self) -> None:
        # L(2, 1) = 1 / ln 2 = 1.4426950408889634; L(a, a) = a; L(a, 0) = 0.
        assert round(log_mean(D(2), D(1)), 12) == D("1.442695040889")
        assert log_mean(D(5), D(5)) == 5
        assert log_mean(D(0), D(5)) == 0

    def test_result_independent_of_caller_context(self) -> None:
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.traps[decimal.Inexact] = True
            parts = decompose_gap({"a": 3, "b": 7}, {"a": 2, "b": 5})
        assert parts == decompose_gap({"a": 3, "b": 7}, {"a": 2, "b": 5})


class TestInvariants:
    @given(factor_pairs(non_negative))
    def test_parts_sum_exactly_to_the_gap(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]]
    ) -> None:
        actual, reference = pair
        parts = decompose_gap(actual, reference)
        assert list(parts) == list(actual)
        assert exact_sum(parts) == product(actual) - product(reference)

    @given(factor_pairs(positive))
    def test_each_part_has_the_sign_of_its_change(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]]
    ) -> None:
        actual, reference = pair
        parts = decompose_gap(actual, reference)
        for name, part in parts.items():
            change = actual[name] - reference[name]
            if change == 0:
                assert part == 0
            else:
                # Strict sign: every change here is at least 1e-12 relative.
                assert part != 0
                assert (part > 0) == (change > 0)

    @given(factor_pairs(positive))
    def test_parts_match_the_float_formula(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]]
    ) -> None:
        actual, reference = pair
        v1, v0 = float(product(actual)), float(product(reference))
        weight = v1 if v1 == v0 else (v1 - v0) / (math.log(v1) - math.log(v0))
        parts = decompose_gap(actual, reference)
        for name, part in parts.items():
            expected = weight * math.log(float(actual[name]) / float(reference[name]))
            assert math.isclose(float(part), expected, rel_tol=1e-6, abs_tol=1e-9 * max(v0, v1))

    @given(factor_pairs(non_negative))
    def test_equal_inputs_give_zeros(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]]
    ) -> None:
        actual, _ = pair
        assert set(decompose_gap(actual, dict(actual)).values()) == {D(0)}

    @given(factor_pairs(non_negative))
    def test_swapping_sides_negates_the_parts(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]]
    ) -> None:
        actual, reference = pair
        forward = decompose_gap(actual, reference)
        backward = decompose_gap(reference, actual)
        for name in forward:
            # Equal up to the common rounding quantum (the residual anchor may differ).
            assert (
                abs(Fraction(forward[name]) + Fraction(backward[name]))
                <= Fraction(max(max(product(actual), product(reference)), 1)) / 10**25
            )

    @given(factor_pairs(non_negative), st.randoms(use_true_random=False))
    def test_key_order_does_not_matter(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]], random: object
    ) -> None:
        actual, reference = pair
        names = list(actual)
        random.shuffle(names)  # type: ignore[attr-defined] # st.randoms() draws a Random
        shuffled = decompose_gap(
            {n: actual[n] for n in names}, {n: reference[n] for n in reversed(names)}
        )
        assert shuffled == decompose_gap(actual, reference)

    @given(factor_pairs(positive), st.sampled_from(NAMES))
    def test_a_zero_factor_takes_the_whole_drop(
        self, pair: tuple[dict[str, Decimal], dict[str, Decimal]], name: str
    ) -> None:
        actual, reference = pair
        assume(name in actual)
        actual = {**actual, name: D(0)}
        parts = decompose_gap(actual, reference)
        assert Fraction(parts[name]) == -product(reference)
        assert all(part == 0 for other, part in parts.items() if other != name)


class TestErrors:
    @pytest.mark.parametrize(
        ("actual", "reference", "error", "fragment"),
        [
            ({"a": 1.5}, {"a": 1}, WrongType, "'actual['a']'"),
            ({"a": 1}, [("a", 1)], WrongType, "'reference'"),
            ({"a": 1}, {"b": 1}, ValidationError, "the same factor names"),
            ({"a": -1}, {"a": 1}, ValidationError, "non-negative"),
            ({}, {}, ValidationError, "1 to 16 factors"),
            ({1: 1}, {1: 1}, WrongType, "'actual key'"),
            ({"a": D("NaN")}, {"a": 1}, ValidationError, "finite"),
            (
                {f"f{i}": 1 for i in range(MAX_FACTORS + 1)},
                {f"f{i}": 1 for i in range(MAX_FACTORS + 1)},
                ValidationError,
                "1 to 16",
            ),
        ],
    )
    def test_bad_input(
        self, actual: object, reference: object, error: type[Exception], fragment: str
    ) -> None:
        with pytest.raises(error, match="decompose_gap") as info:
            decompose_gap(actual, reference)  # type: ignore[arg-type] # bad on purpose
        assert fragment in str(info.value)

    def test_huge_factors_stay_exact(self) -> None:
        big = D("9" * 18)
        actual = {f"f{i}": big for i in range(MAX_FACTORS)}
        reference = {**actual, "f0": D("1")}
        parts = decompose_gap(actual, reference)
        assert exact_sum(parts) == product(actual) - product(reference)
