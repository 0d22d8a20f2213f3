"""A book in several currencies: converted explicitly with ``convert_mrr`` or refused
(``salesmgmt.renewals._fx``)."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import random
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    FxRates,
    Money,
    Period,
    UnknownReference,
    ValidationError,
    WrongType,
    convert,
)
from salesmgmt.renewals import (
    Churned,
    Downgraded,
    RenewalOutcome,
    Renewed,
    Subscription,
    convert_mrr,
    monthly_movements,
    mrr_at,
    mrr_movements,
    renewal_rate,
)

d = dt.date
RATES = FxRates(
    {
        ("EUR", "USD", d(2025, 1, 1)): "1.10",
        ("EUR", "USD", d(2025, 4, 1)): "1.20",
        ("JPY", "USD", d(2025, 1, 1)): "0.0065",
    }
)
BOOK = [
    Subscription("S-1", "A", Money(100, "USD"), d(2025, 1, 1)),
    Subscription("S-2", "B", Money("50", "EUR"), d(2025, 1, 1), d(2025, 3, 31)),
    Subscription("S-3", "C", Money(20000, "JPY"), d(2025, 2, 15)),
]


class TestWorkedExample:
    def test_one_rate_day_for_the_whole_book(self) -> None:
        # rates of 2025-03-31: EUR 1.10 -> 55.00; JPY 0.0065 -> 130.00
        usd = convert_mrr(BOOK, "USD", RATES, on=d(2025, 3, 31))
        assert [s.mrr for s in usd] == [Money(100, "USD"), Money(55, "USD"), Money(130, "USD")]
        assert [s.subscription_id for s in usd] == ["S-1", "S-2", "S-3"]  # order kept
        assert usd[0] is BOOK[0]  # already in USD: unchanged
        # February: start 155 (A + B), new 130 (C) -> end 285
        m = mrr_movements(usd, Period.month(2025, 2))
        assert (m.start, m.new, m.end) == (Money(155, "USD"), Money(130, "USD"), Money(285, "USD"))

    def test_a_later_rate_day_uses_the_later_rate(self) -> None:
        usd = convert_mrr(BOOK, "USD", RATES, on=d(2025, 4, 1))
        assert usd[1].mrr == Money(60, "USD")  # 50 EUR x 1.20

    def test_outcomes_convert_their_new_mrr(self) -> None:
        outcomes: list[RenewalOutcome] = [
            Renewed("S-2", d(2025, 3, 20), Money(60, "EUR")),
            Churned("S-3", d(2025, 3, 1)),
            Downgraded("S-1", d(2025, 3, 1), Money(80, "USD")),
        ]
        usd = convert_mrr(outcomes, "USD", RATES, on=d(2025, 3, 31))
        assert usd[0] == Renewed("S-2", d(2025, 3, 20), Money(66, "USD"))
        assert usd[1] is outcomes[1]
        assert usd[2] is outcomes[2]
        rate = renewal_rate(
            convert_mrr(BOOK, "USD", RATES, on=d(2025, 3, 31)),
            usd[:1],
            Period.month(2025, 3),
            as_of=d(2025, 4, 5),
        )
        assert (rate.renewed_mrr, rate.renewed_new_mrr) == (Money(55, "USD"), Money(66, "USD"))

    def test_inverse_rates_are_opt_in(self) -> None:
        eur = [Subscription("S-9", "Z", Money(110, "USD"), d(2025, 1, 1))]
        with pytest.raises(UnknownReference, match="Subscription 'S-9': 'mrr'"):
            convert_mrr(eur, "EUR", RATES, on=d(2025, 3, 31))
        back = convert_mrr(eur, "EUR", RATES, on=d(2025, 3, 31), inverse_ok=True)
        assert back[0].mrr == Money(100, "EUR")


class TestRefused:
    def test_a_mixed_book_is_refused_naming_the_subscription(self) -> None:
        with pytest.raises(CurrencyMismatch, match="Subscription 'S-2'"):
            mrr_at(BOOK, d(2025, 2, 1))

    def test_missing_rate_names_the_subscription_and_pair(self) -> None:
        with pytest.raises(UnknownReference, match=r"Subscription 'S-2'.*EUR->USD") as info:
            convert_mrr(BOOK, "USD", RATES, on=d(2024, 12, 31))
        assert "The earliest EUR->USD rate is effective 2025-01-01." in str(info.value)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"currency": "usd!"}, ValidationError, "currency"),
            ({"rates": {}}, WrongType, "'rates' must be an FxRates"),
            ({"on": "2025-03-31"}, WrongType, "'on'"),
            ({"rounding": "UP"}, ValidationError, "rounding"),
            ({"inverse_ok": 1}, WrongType, "'inverse_ok'"),
            ({"items": [Money(1, "USD")]}, WrongType, r"'items\[0\]'"),
        ],
    )
    def test_bad_arguments(
        self, kwargs: dict[str, object], error: type[Exception], match: str
    ) -> None:
        call: dict[str, Any] = {
            "items": BOOK,
            "currency": "USD",
            "rates": RATES,
            "on": d(2025, 3, 31),
        }
        call.update(kwargs)
        with pytest.raises(error, match=match):
            convert_mrr(call.pop("items"), call.pop("currency"), call.pop("rates"), **call)


@st.composite
def _mixed_books(draw: st.DrawFn) -> list[Subscription]:
    size = draw(st.integers(0, 10))
    book = []
    for i in range(size):
        start = d(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 150)))
        length = draw(st.none() | st.integers(0, 150))
        end = None if length is None else start + dt.timedelta(days=length)
        code = draw(st.sampled_from(["USD", "EUR", "JPY"]))
        units = draw(st.integers(0, 10**7))
        book.append(
            Subscription(
                f"S-{i}",
                f"A-{draw(st.integers(0, 4))}",
                Money.from_minor_units(units, code),
                start,
                end,
            )
        )
    return book


class TestProperties:
    @given(_mixed_books(), st.dates(min_value=d(2025, 1, 1), max_value=d(2025, 12, 31)))
    def test_each_line_is_converted_once_and_movements_reconcile(
        self, book: list[Subscription], day: dt.date
    ) -> None:
        usd = convert_mrr(book, "USD", RATES, on=day)
        assert [s.subscription_id for s in usd] == [s.subscription_id for s in book]
        for before, after in zip(book, usd, strict=True):
            assert after.mrr == convert(before.mrr, "USD", RATES, on=day)
            assert attrs_equal_but_mrr(before, after)
        months = monthly_movements(usd, Period(d(2025, 1, 1), d(2025, 6, 30)), currency="USD")
        for m in months:  # one rate day: no exchange-rate movements, exact chaining
            gained = m.new + m.expansion + m.reactivation
            assert m.start + gained - m.contraction - m.churn == m.end
        for first, second in itertools.pairwise(months):
            assert first.end == second.start

    @given(_mixed_books(), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, book: list[Subscription], rnd: random.Random) -> None:
        shuffled = list(book)
        rnd.shuffle(shuffled)
        day = d(2025, 3, 31)
        one = convert_mrr(book, "USD", RATES, on=day)
        two = convert_mrr(shuffled, "USD", RATES, on=day)
        assert sorted(one, key=lambda s: s.subscription_id) == sorted(
            two, key=lambda s: s.subscription_id
        )
        assert mrr_at(one, day, currency="USD") == mrr_at(two, day, currency="USD")


def attrs_equal_but_mrr(before: Subscription, after: Subscription) -> bool:
    return attrs.evolve(after, mrr=before.mrr) == before


def test_decimal_context_does_not_matter() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        usd = convert_mrr(BOOK, "USD", RATES, on=d(2025, 3, 31))
    assert usd[2].mrr == Money(Decimal("130.00"), "USD")
