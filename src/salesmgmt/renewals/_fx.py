"""One currency for a book: subscriptions and renewal outcomes converted explicitly.

Every recurring-revenue function refuses a book in more than one currency
(``CurrencyMismatch`` naming the subscription). :func:`convert_mrr` is the
explicit way out: it converts each MRR with :func:`~salesmgmt.convert` at the
rates of ONE day, so a book is reported in constant currency. A single rate day
keeps the movements exact: converting each month at its own rate would make
exchange-rate swings look like expansion and contraction, which ChartMogul
also avoids ("ChartMogul doesn't create MRR movements for subscription changes
due to currency fluctuations", help.chartmogul.com/hc/en-us/articles/4416682609426).

Catalogue: ``docs/metrics/renewals.md`` (shared rules).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import TypeVar

import attrs

from salesmgmt._checks import check_bool, check_date, check_type, iter_chunks
from salesmgmt.errors import UnknownReference
from salesmgmt.money import FxRates, Money, convert
from salesmgmt.renewals._subscriptions import OUTCOME_TYPES, RenewalOutcome, Subscription

__all__ = ["convert_mrr"]

_Item = TypeVar("_Item", bound=Subscription | RenewalOutcome)
_TYPES = (Subscription, *OUTCOME_TYPES)


def convert_mrr(
    items: Iterable[_Item],
    currency: str,
    rates: FxRates,
    *,
    on: dt.date,
    rounding: str = decimal.ROUND_HALF_UP,
    inverse_ok: bool = False,
) -> tuple[_Item, ...]:
    """The subscriptions (or renewal outcomes) with their MRR in ``currency``.

    Each :class:`Subscription`'s ``mrr`` and each :class:`Renewed`,
    :class:`Downgraded` or :class:`Upgraded` ``new_mrr`` is converted with
    :func:`~salesmgmt.convert` at the latest rate effective on or before ``on``
    (one day for the whole book: constant-currency reporting), rounded once to
    ``currency``'s minor units. Items already in ``currency`` and
    :class:`Churned` outcomes come back unchanged; order is kept.

    Args:
        items: subscriptions and/or renewal outcomes, in any order.
        currency: the ISO 4217 code to report in.
        rates: the :class:`~salesmgmt.FxRates` to use.
        on: the rate day.
        rounding: the rounding of each converted amount (default half up).
        inverse_ok: use a reverse quote as ``1 / rate`` when the direct pair is
            missing (see :func:`~salesmgmt.convert`).

    Raises:
        UnknownReference: no rate applies on ``on``; the message names the
            subscription (or outcome) and the currency pair.
        WrongType: an item is not a subscription or renewal outcome.

    >>> import datetime as dt
    >>> from salesmgmt import FxRates, Money
    >>> from salesmgmt.renewals import Subscription, convert_mrr, mrr_at
    >>> rates = FxRates({("EUR", "USD", dt.date(2025, 1, 1)): "1.10"})
    >>> book = [Subscription("S-1", "A", Money(100, "USD"), dt.date(2025, 1, 1)),
    ...         Subscription("S-2", "B", Money(50, "EUR"), dt.date(2025, 1, 1))]
    >>> mrr_at(convert_mrr(book, "USD", rates, on=dt.date(2025, 3, 31)), dt.date(2025, 3, 31))
    Money('155.00', 'USD')
    >>> convert_mrr(book, "USD", FxRates({}), on=dt.date(2025, 3, 31))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.UnknownReference: Subscription 'S-2': 'mrr' must be a Money with a EUR->USD
    rate effective on or before 2025-03-31 (got Money('50.00', 'EUR'))
    Hint: rates has no EUR->USD rate; add one for a date on or before 2025-03-31.
    """
    record = "convert_mrr()"
    code = Money.zero(currency).currency
    check_type(rates, FxRates, record=record, field="rates", expected="an FxRates")
    day = check_date(on, record=record, field="on")
    check_bool(inverse_ok, record=record, field="inverse_ok")
    # validate the rounding once, on a zero amount, so a bad mode is named here
    convert(Money.zero(code), code, rates, on=day, rounding=rounding)
    out: list[_Item] = []
    for chunk in iter_chunks(items, record=record, field="items"):
        for item in chunk:
            if not isinstance(item, _TYPES):
                check_type(
                    item,
                    _TYPES,
                    record=record,
                    field=f"items[{len(out)}]",
                    expected="a Subscription or a renewal outcome",
                )
            field = "mrr" if isinstance(item, Subscription) else "new_mrr"
            money: Money | None = getattr(item, field, None)  # a Churned has no MRR
            if money is None or money.currency == code:
                out.append(item)
                continue
            try:
                converted = convert(
                    money, code, rates, on=day, rounding=rounding, inverse_ok=inverse_ok
                )
            except UnknownReference as error:
                label = f"{type(item).__name__} {item.subscription_id!r}"
                pair = f"{money.currency}->{code}"
                raise UnknownReference.for_field(
                    label,
                    field,
                    money,
                    f"a Money with a {pair} rate effective on or before {day.isoformat()}",
                    hint=str(error).partition("\nHint: ")[2] or None,
                ) from error
            out.append(attrs.evolve(item, **{field: converted}))
    return tuple(out)
