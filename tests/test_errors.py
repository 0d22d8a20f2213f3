"""The error family: bases, message form, factories."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    MissingDependency,
    PeriodError,
    PolicyError,
    SalesMgmtError,
    UnknownReference,
    ValidationError,
    WrongType,
)
from salesmgmt.errors import short_repr


class TestHierarchy:
    @pytest.mark.parametrize(
        ("cls", "builtin"),
        [
            (ValidationError, ValueError),
            (WrongType, TypeError),
            (WrongType, ValueError),
            (CurrencyMismatch, ValueError),
            (PeriodError, ValueError),
            (UnknownReference, LookupError),
            (PolicyError, ValueError),
            (MissingDependency, ImportError),
        ],
    )
    def test_each_class_is_also_the_builtin_a_caller_catches(
        self, cls: type[Exception], builtin: type[Exception]
    ) -> None:
        assert issubclass(cls, SalesMgmtError)
        assert issubclass(cls, builtin)

    def test_wrong_type_is_a_validation_error(self) -> None:
        assert issubclass(WrongType, ValidationError)


class TestForField:
    def test_message_names_record_field_value_and_expectation(self) -> None:
        err = ValidationError.for_field(
            "Opportunity 'O-17'", "amount", "12,50", "a decimal string", hint="Use '12.50'."
        )
        assert str(err) == (
            "Opportunity 'O-17': 'amount' must be a decimal string (got '12,50')\n"
            "Hint: Use '12.50'."
        )
        assert (err.record, err.field, err.value, err.expected) == (
            "Opportunity 'O-17'",
            "amount",
            "12,50",
            "a decimal string",
        )

    def test_without_record(self) -> None:
        err = PolicyError.for_field(None, "weights", (1, 2), "weights summing to 1")
        assert str(err) == "'weights' must be weights summing to 1 (got (1, 2))"

    def test_factory_returns_the_subclass_it_is_called_on(self) -> None:
        assert type(UnknownReference.for_field("X", "y", 1, "z")) is UnknownReference

    @given(st.text(max_size=5000))
    def test_messages_stay_short_for_huge_values(self, value: str) -> None:
        err = ValidationError.for_field("Rep", "name", value, "a name")
        assert len(str(err)) < 300

    def test_hostile_repr_does_not_hide_the_error(self) -> None:
        class Hostile:
            def __repr__(self) -> str:
                raise RuntimeError("boom")

        err = ValidationError.for_field("X", "y", Hostile(), "a value")
        assert "<Hostile object>" in str(err)


class TestCurrencyMismatch:
    def test_between_names_both_currencies(self) -> None:
        err = CurrencyMismatch.between("USD", "EUR")
        assert str(err).splitlines()[0] == "cannot combine USD and EUR amounts"
        assert err.currencies == ("USD", "EUR")


class TestMissingDependency:
    def test_names_the_extra_to_install(self) -> None:
        err = MissingDependency.for_extra("feature()", "frames", package="narwhals")
        assert "'narwhals'" in str(err)
        assert "pip install 'salesmgmt[frames]'" in str(err)


class TestPickle:
    def test_errors_survive_pickling_with_their_message(self) -> None:
        # Errors cross process boundaries (pytest-xdist, multiprocessing, Dask workers).
        err = ValidationError("bad", problems=("a", "b"))
        again = pickle.loads(pickle.dumps(err))
        assert str(again) == "bad"
        assert type(again) is ValidationError


class TestShortRepr:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(1, "1"), ("ab", "'ab'"), (None, "None")],
    )
    def test_short_values_are_plain_repr(self, value: object, expected: str) -> None:
        assert short_repr(value) == expected

    @given(st.text(min_size=200, max_size=2000))
    def test_long_values_are_cut_and_keep_both_ends(self, value: str) -> None:
        text = short_repr(value, limit=40)
        assert len(text) < 70
        assert text.startswith(repr(value)[:18])
        assert text.endswith(f"({len(repr(value))} characters)")
