"""The shared argument checks (``salesmgmt._checks``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import ValidationError, WrongType
from salesmgmt._checks import (
    check_bool,
    check_choice,
    check_date,
    check_int,
    check_iterable,
    check_str,
    check_type,
)


class TestCheckType:
    def test_bool_is_not_an_int(self) -> None:
        with pytest.raises(WrongType):
            check_type(False, int, record="f()", field="n")

    def test_bool_allowed_when_asked_for(self) -> None:
        assert check_type(False, (bool, int), record="f()", field="n") is False

    def test_message_uses_an_article(self) -> None:
        with pytest.raises(WrongType, match="'n' must be an int"):
            check_type("1", int, record="f()", field="n")


class TestCheckInt:
    @given(st.integers())
    def test_bounds(self, value: int) -> None:
        if 1 <= value <= 12:
            assert check_int(value, record="M", field="month", min_value=1, max_value=12) == value
        else:
            with pytest.raises(ValidationError, match="from 1 to 12"):
                check_int(value, record="M", field="month", min_value=1, max_value=12)

    @pytest.mark.parametrize("value", [1.0, "1", None, True])
    def test_non_ints(self, value: object) -> None:
        with pytest.raises(WrongType):
            check_int(value, record="M", field="month")


class TestCheckBool:
    @pytest.mark.parametrize("value", [0, 1, "True", None])
    def test_only_real_bools(self, value: object) -> None:
        with pytest.raises(WrongType):
            check_bool(value, record="X", field="flag")


class TestCheckStr:
    def test_length_bound(self) -> None:
        with pytest.raises(ValidationError, match="at most 3"):
            check_str("abcd", record="X", field="s", max_length=3)

    def test_empty_ok(self) -> None:
        assert check_str("", record="X", field="s", empty_ok=True) == ""


class TestCheckChoice:
    @pytest.mark.parametrize("value", [[], {}, None, "Day", 1])
    def test_unhashable_and_unknown_values_are_validation_errors(self, value: object) -> None:
        with pytest.raises(ValidationError, match="one of 'day', 'week'"):
            check_choice(value, ("day", "week"), record="X", field="grain")

    def test_true_is_not_one(self) -> None:
        with pytest.raises(ValidationError):
            check_choice(True, (1, 2), record="X", field="n")


class TestCheckDate:
    def test_plain_date(self) -> None:
        day = dt.date(2025, 1, 2)
        assert check_date(day, record="X", field="d") is day

    def test_datetime_refused_with_hint(self) -> None:
        with pytest.raises(WrongType, match=r"Hint: Pass value\.date\(\)"):
            check_date(dt.datetime(2025, 1, 2), record="X", field="d")

    def test_date_subclass_becomes_a_plain_date(self) -> None:
        class MyDate(dt.date):
            pass

        result = check_date(MyDate(2025, 1, 2), record="X", field="d")
        assert type(result) is dt.date
        assert result == dt.date(2025, 1, 2)

    @pytest.mark.parametrize("value", ["2025-01-02", 20250102, None])
    def test_other_types(self, value: object) -> None:
        with pytest.raises(WrongType):
            check_date(value, record="X", field="d")


class TestCheckIterable:
    def test_generators_are_materialised(self) -> None:
        assert check_iterable((i for i in range(3)), record="f()", field="xs") == (0, 1, 2)

    @pytest.mark.parametrize("value", ["abc", b"abc", 3, None])
    def test_non_iterables_and_strings(self, value: object) -> None:
        with pytest.raises(WrongType):
            check_iterable(value, record="f()", field="xs")

    def test_size_bound(self) -> None:
        with pytest.raises(ValidationError, match="at most 2 items"):
            check_iterable([1, 2, 3], record="f()", field="xs", max_items=2)


class TestEndlessIterables:
    def test_an_endless_iterator_is_refused_not_followed(self) -> None:
        import itertools

        with pytest.raises(ValidationError, match="at most 10 items"):
            check_iterable(itertools.count(), record="f()", field="xs", max_items=10)

    def test_a_mapping_is_not_an_iterable_of_items(self) -> None:
        with pytest.raises(WrongType):
            check_iterable({"a": 1}, record="f()", field="xs")

    def test_a_failing_iterator_is_reported_as_bad_input(self) -> None:
        def broken():  # type: ignore[no-untyped-def]
            yield 1
            raise RuntimeError("disk gone")

        with pytest.raises(ValidationError, match="disk gone"):
            check_iterable(broken(), record="f()", field="xs")
