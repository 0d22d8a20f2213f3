"""Forecast roll-up: forecast categories, cumulative figures, the manager's call.

A deal's forecast category is its ``forecast_category`` override when set, else
its stage's category. :func:`forecast_rollup` sums the deals whose close date
falls in a period by category, and exposes the cumulative figures Salesforce's
forecasts use (Salesforce Help, "Forecast Categories"): ``closed``,
``commit_forecast`` (closed + commit), ``best_case_forecast`` (+ best case) and
``open_pipeline`` (pipeline + best case + commit; omitted never counts).

A :class:`ForecastRollup` is its own mergeable tally: ``a + b`` adds the
per-category sums and counts of two disjoint deal sets, which is what
``OrgChart.rollup`` needs to carry rep figures up to teams. The manager's call
(:class:`ForecastAdjustment`) is applied by :func:`adjusted_rollup` like
Salesforce collaborative-forecast adjustments: it changes only the roll-up
figure, never a deal, and the result keeps both the submitted and the adjusted
figure. See ``docs/metrics/forecast.md``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias, TypeVar

import attrs

from salesmgmt._checks import (
    check_choice,
    check_date,
    check_iterable,
    check_str,
    check_type,
)
from salesmgmt._decimal import EXACT
from salesmgmt.errors import CurrencyMismatch, UnknownReference, ValidationError, WrongType
from salesmgmt.money import Money, ratio
from salesmgmt.periods import Period
from salesmgmt.pipeline._common import (
    as_known,
    category_of,
    check_counts,
    check_currency,
    check_deals,
    check_id,
    checked_items,
    non_negative_money,
    optional_date,
    optional_ratio,
    stage_map,
)
from salesmgmt.pipeline._deals import Opportunity
from salesmgmt.pipeline._model import CATEGORIES, StageModel

__all__ = [
    "AdjustedForecast",
    "ForecastAdjustment",
    "ForecastRollup",
    "ForecastVsQuota",
    "adjusted_rollup",
    "forecast_by_owner",
    "forecast_rollup",
    "forecast_trend",
    "forecast_vs_quota",
]

T = TypeVar("T")
AdjustableCategory: TypeAlias = Literal["commit", "best_case", "pipeline"]

_ADJUSTABLE: Final = ("commit", "best_case", "pipeline")
_MAX_DATES: Final = 10_000


# -- values ------------------------------------------------------------------------------


_MONEY_FIELDS: Final = ("omitted", "pipeline", "best_case", "commit", "closed")


@attrs.frozen
class ForecastRollup:
    """The deals closing in ``period``, summed by forecast category.

    The five category sums (``omitted``, ``pipeline``, ``best_case``,
    ``commit``, ``closed``) and ``counts`` (deals per category, in
    :data:`CATEGORIES` order) are the mergeable parts: ``a + b`` adds two
    roll-ups of disjoint deal sets for the same period, ``as_of`` and currency.
    The cumulative figures are properties.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import ForecastRollup
    >>> q1 = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    >>> u = lambda x: Money(x, "USD")
    >>> r = ForecastRollup(q1, "USD", None, u(0), u(50), u(30), u(20), u(100), (0, 1, 1, 1, 2))
    >>> r.commit_forecast, r.best_case_forecast, r.open_pipeline
    (Money('120.00', 'USD'), Money('150.00', 'USD'), Money('100.00', 'USD'))
    >>> (r + r).closed
    Money('200.00', 'USD')
    """

    period: Period = attrs.field(
        validator=lambda i, a, v: check_type(v, Period, record="ForecastRollup", field=a.name)
    )
    currency: str = attrs.field(
        validator=lambda i, a, v: (
            check_currency(v, "ForecastRollup") is not None
            or check_type(v, str, record="ForecastRollup", field=a.name)
        )
    )
    as_of: dt.date | None = attrs.field(converter=optional_date)
    omitted: Money = attrs.field(validator=non_negative_money)
    pipeline: Money = attrs.field(validator=non_negative_money)
    best_case: Money = attrs.field(validator=non_negative_money)
    commit: Money = attrs.field(validator=non_negative_money)
    closed: Money = attrs.field(validator=non_negative_money)
    counts: tuple[int, int, int, int, int] = attrs.field(validator=check_counts)

    def __attrs_post_init__(self) -> None:
        for name in _MONEY_FIELDS:
            money: Money = getattr(self, name)
            if money.currency != self.currency:
                raise CurrencyMismatch.between(
                    self.currency, money.currency, record=f"ForecastRollup.{name}"
                )

    @property
    def commit_forecast(self) -> Money:
        """Closed plus commit.

        >>> from salesmgmt import Period; from salesmgmt.pipeline import ForecastRollup
        >>> ForecastRollup.empty(Period.parse("2025-01-01"), "EUR").commit_forecast
        Money('0.00', 'EUR')
        """
        return self.closed + self.commit

    @property
    def best_case_forecast(self) -> Money:
        """Closed plus commit plus best case.

        >>> from salesmgmt import Period; from salesmgmt.pipeline import ForecastRollup
        >>> ForecastRollup.empty(Period.parse("2025-01-01"), "JPY").best_case_forecast
        Money('0', 'JPY')
        """
        return self.closed + self.commit + self.best_case

    @property
    def open_pipeline(self) -> Money:
        """Pipeline plus best case plus commit: every open deal that counts.

        >>> from salesmgmt import Period; from salesmgmt.pipeline import ForecastRollup
        >>> ForecastRollup.empty(Period.parse("2025-01-01"), "USD").open_pipeline
        Money('0.00', 'USD')
        """
        return self.pipeline + self.best_case + self.commit

    @classmethod
    def empty(
        cls, period: Period, currency: str, *, as_of: dt.date | None = None
    ) -> ForecastRollup:
        """The roll-up of no deals: zero in ``currency`` everywhere.

        >>> from salesmgmt import Period; from salesmgmt.pipeline import ForecastRollup
        >>> ForecastRollup.empty(Period.parse("2025-01-01"), "USD").counts
        (0, 0, 0, 0, 0)
        """
        code = check_currency(currency, "ForecastRollup.empty()")
        if code is None:
            raise WrongType.for_field(
                "ForecastRollup.empty()", "currency", currency, "a currency code"
            )
        zero = Money.zero(code)
        return cls(period, code, as_of, zero, zero, zero, zero, zero, (0, 0, 0, 0, 0))

    def __add__(self, other: ForecastRollup) -> ForecastRollup:
        record = "ForecastRollup"
        if not isinstance(other, ForecastRollup):
            raise WrongType.for_field(record, "other", other, "a ForecastRollup for +")
        if other.currency != self.currency:
            raise CurrencyMismatch.between(self.currency, other.currency, record=record)
        if other.period != self.period or other.as_of != self.as_of:
            raise ValidationError.for_field(
                record,
                "other",
                other,
                f"a roll-up of the same period {str(self.period)!r} and as_of {self.as_of!r}",
            )
        sums = [getattr(self, n) + getattr(other, n) for n in _MONEY_FIELDS]
        counts = tuple(a + b for a, b in zip(self.counts, other.counts, strict=True))
        return _build(self.period, self.currency, self.as_of, sums, counts)


# -- roll-up -----------------------------------------------------------------------------


def _rollups(
    deals: object,
    period: object,
    model: object,
    as_of: object,
    currency: object,
    record: str,
    key: str | None,
) -> tuple[str | None, Period, dt.date | None, dict[str, tuple[list[Decimal], list[int]]]]:
    """One pass: per group (owner id, or ``""``), the exact category sums and counts."""
    items = check_deals(deals, record)
    window = check_type(period, Period, record=record, field="period")
    day = None if as_of is None else check_date(as_of, record=record, field="as_of")
    code = check_currency(currency, record)
    stages = stage_map(model, record)
    index: dict[str, int] = {name: i for i, name in enumerate(CATEGORIES)}
    start, end = window.start, window.end
    groups: dict[str, tuple[list[Decimal], list[int]]] = {}
    with decimal.localcontext(EXACT):
        for deal in as_known(items, day):
            category = category_of(deal, stages)
            if not start <= deal.close_date <= end:
                continue
            amount = deal.amount
            if code is None:
                code = amount.currency
            elif amount.currency != code:
                raise CurrencyMismatch.between(code, amount.currency, record=record)
            group = "" if key is None else deal.owner_id
            found = groups.get(group)
            if found is None:
                found = groups[group] = ([Decimal(0)] * 5, [0] * 5)
            i = index[category]  # the deal checked its category against CATEGORIES
            found[0][i] += amount.amount
            found[1][i] += 1
    return code, window, day, groups


def _finalise(
    code: str, period: Period, as_of: dt.date | None, sums: list[Decimal], counts: list[int]
) -> ForecastRollup:
    return _build(period, code, as_of, [Money(amount, code) for amount in sums], counts)


def _build(
    period: Period,
    code: str,
    as_of: dt.date | None,
    sums: Sequence[Money],
    counts: Sequence[int],
) -> ForecastRollup:
    """A roll-up from the five sums and counts in :data:`CATEGORIES` order."""
    c = counts
    return ForecastRollup(
        period,
        code,
        as_of,
        sums[0],
        sums[1],
        sums[2],
        sums[3],
        sums[4],
        (c[0], c[1], c[2], c[3], c[4]),
    )


def forecast_rollup(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    currency: str | None = None,
) -> ForecastRollup:
    """Sum the deals closing in ``period`` by forecast category.

    Args:
        deals: the opportunities (any order).
        period: selects deals by ``close_date`` (both ends included).
        model: the stage model that gives each stage's category.
        as_of: take the deals as they stood at the end of this day (from their
            history); ``None`` takes them as they are.
        currency: the currency of an empty result; when given, every counted
            deal must be in it.

    Raises:
        UnknownReference: a deal's stage is not in ``model`` (names the deal).
        CurrencyMismatch: the counted deals are in more than one currency.
        ValidationError: no deal counts and no ``currency`` was given.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel
    >>> from salesmgmt.pipeline import forecast_rollup
    >>> model = StageModel.default()
    >>> won = model.won_stage.name
    >>> d = dt.date(2025, 1, 1)
    >>> deal = Opportunity("O-1", "A-1", "R-1", Money(100, "USD"), d, dt.date(2025, 2, 1), won)
    >>> r = forecast_rollup([deal], Period.quarter(2025, 1), model=model)
    >>> r.closed, r.commit_forecast, r.open_pipeline
    (Money('100.00', 'USD'), Money('100.00', 'USD'), Money('0.00', 'USD'))
    >>> forecast_rollup([], Period.quarter(2025, 1), model=model, currency="EUR").closed
    Money('0.00', 'EUR')
    """
    record = "forecast_rollup()"
    code, window, day, groups = _rollups(deals, period, model, as_of, currency, record, None)
    if code is None:
        raise ValidationError.for_field(
            record,
            "currency",
            currency,
            "a currency code when no deal closes in the period",
            hint="forecast_rollup([], period, model=model, currency='USD') gives zeros.",
        )
    sums, counts = groups.get("", ([Decimal(0)] * 5, [0] * 5))
    return _finalise(code, window, day, sums, counts)


def forecast_by_owner(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    currency: str | None = None,
) -> Mapping[str, ForecastRollup]:
    """:func:`forecast_rollup` per owner (rep id), in one pass, sorted by rep id.

    Owners with no deal closing in ``period`` are absent. The values add with
    ``+``, so ``OrgChart.rollup(forecast_by_owner(...))`` gives team figures.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel
    >>> from salesmgmt.pipeline import forecast_by_owner
    >>> model = StageModel.default()
    >>> open_stage = model.stages[0].name
    >>> d = dt.date(2025, 1, 1)
    >>> deal = Opportunity("O-1", "A-1", "R-2", Money(10, "USD"), d, d, open_stage)
    >>> list(forecast_by_owner([deal], Period.quarter(2025, 1), model=model))
    ['R-2']
    >>> dict(forecast_by_owner([], Period.quarter(2025, 1), model=model))
    {}
    """
    record = "forecast_by_owner()"
    code, window, day, groups = _rollups(deals, period, model, as_of, currency, record, "owner")
    return MappingProxyType(
        {owner: _finalise(str(code), window, day, *groups[owner]) for owner in sorted(groups)}
    )


def forecast_trend(
    deals: Iterable[Opportunity],
    period: Period,
    dates: Iterable[dt.date],
    *,
    model: StageModel,
    currency: str | None = None,
) -> tuple[ForecastRollup, ...]:
    """How the call for ``period`` moved: one roll-up per date, as the deals stood then.

    Each roll-up is :func:`forecast_rollup` with ``as_of`` set to the date, rebuilt
    from the deals' history, so the trend never uses a fact recorded after its
    date. Dates are de-duplicated and sorted. O(n × len(dates)).

    Raises:
        ValidationError: more than 10,000 dates, or nothing to count on some date
            and no ``currency``.

    >>> import datetime as dt
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import StageModel
    >>> from salesmgmt.pipeline import forecast_trend
    >>> weeks = [dt.date(2025, 1, 6), dt.date(2025, 1, 13)]
    >>> trend = forecast_trend([], Period.quarter(2025, 1), weeks,
    ...                        model=StageModel.default(), currency="USD")
    >>> [(r.as_of.isoformat(), str(r.commit_forecast)) for r in trend]
    [('2025-01-06', '0.00 USD'), ('2025-01-13', '0.00 USD')]
    """
    record = "forecast_trend()"
    items = check_deals(deals, record)
    days = check_iterable(dates, record=record, field="dates", max_items=_MAX_DATES)
    checked = sorted(
        {check_date(day, record=record, field=f"dates[{i}]") for i, day in enumerate(days)}
    )
    return tuple(
        forecast_rollup(items, period, model=model, as_of=day, currency=currency)
        for day in checked
    )


# -- the manager's call ------------------------------------------------------------------


def _adjusted_on(value: object) -> dt.date:
    return check_date(value, record="ForecastAdjustment", field="adjusted_on")


@attrs.frozen
class ForecastAdjustment:
    """A manager's call: the figure ``adjusted_by`` puts on ``target``'s forecast.

    ``target`` is a rep or team id (a key of the roll-ups adjusted);
    ``category`` is which cumulative figure is adjusted: ``"commit"``
    (``commit_forecast``), ``"best_case"`` (``best_case_forecast``) or
    ``"pipeline"`` (``open_pipeline``). ``amount`` is the new figure (≥ 0). The
    closed figure is an actual and cannot be adjusted.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.pipeline import ForecastAdjustment
    >>> a = ForecastAdjustment("M-1", dt.date(2025, 3, 3), "R-1", "commit",
    ...                        Money(900, "USD"), note="Acme slips to Q2")
    >>> a.category, str(a.amount)
    ('commit', '900.00 USD')
    >>> ForecastAdjustment("M-1", dt.date(2025, 3, 3), "R-1", "closed", Money(1, "USD"))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: ForecastAdjustment: 'category' must be one of 'commit', ...
    """

    adjusted_by: str = attrs.field(validator=check_id)
    adjusted_on: dt.date = attrs.field(converter=_adjusted_on)
    target: str = attrs.field(validator=check_id)
    category: AdjustableCategory = attrs.field(
        validator=lambda i, a, v: check_choice(
            v, _ADJUSTABLE, record="ForecastAdjustment", field=a.name
        )
    )
    amount: Money = attrs.field(validator=non_negative_money)
    note: str = attrs.field(
        default="",
        kw_only=True,
        validator=lambda i, a, v: check_str(
            v, record="ForecastAdjustment", field=a.name, max_length=2000, empty_ok=True
        ),
    )


_FIGURE: Final = {
    "commit": "commit_forecast",
    "best_case": "best_case_forecast",
    "pipeline": "open_pipeline",
}


@attrs.frozen
class AdjustedForecast:
    """A roll-up with the manager's call: the submitted figures and the adjusted ones.

    ``submitted`` is the roll-up of the deals (never changed by an adjustment);
    ``commit_forecast``, ``best_case_forecast`` and ``open_pipeline`` are the
    figures after the adjustments in ``adjustments``. ``a + b`` adds both the
    submitted and the adjusted figures, so a team's adjusted figure is the sum of
    its members' adjusted figures until the team itself is adjusted.

    >>> import datetime as dt
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import AdjustedForecast, ForecastRollup
    >>> r = ForecastRollup.empty(Period.day(dt.date(2025, 1, 1)), "USD")
    >>> a = AdjustedForecast.unadjusted(r)
    >>> a.closed, a.commit_forecast == r.commit_forecast
    (Money('0.00', 'USD'), True)
    """

    submitted: ForecastRollup = attrs.field(
        validator=lambda i, a, v: check_type(
            v, ForecastRollup, record="AdjustedForecast", field=a.name
        )
    )
    commit_forecast: Money = attrs.field(validator=non_negative_money)
    best_case_forecast: Money = attrs.field(validator=non_negative_money)
    open_pipeline: Money = attrs.field(validator=non_negative_money)
    adjustments: tuple[ForecastAdjustment, ...] = attrs.field(default=(), kw_only=True)

    @adjustments.validator
    def _check_adjustments(self, attribute: attrs.Attribute[Any], value: object) -> None:
        items = check_type(value, tuple, record="AdjustedForecast", field="adjustments")
        for index, item in enumerate(items):
            check_type(
                item, ForecastAdjustment, record="AdjustedForecast", field=f"adjustments[{index}]"
            )

    def __attrs_post_init__(self) -> None:
        code = self.submitted.currency
        for name in _FIGURE.values():
            money: Money = getattr(self, name)
            if money.currency != code:
                raise CurrencyMismatch.between(
                    code, money.currency, record=f"AdjustedForecast.{name}"
                )

    @property
    def closed(self) -> Money:
        """The closed figure (an actual: never adjusted).

        >>> from salesmgmt import Period
        >>> from salesmgmt.pipeline import AdjustedForecast, ForecastRollup
        >>> AdjustedForecast.unadjusted(ForecastRollup.empty(Period.parse("2025"), "EUR")).closed
        Money('0.00', 'EUR')
        """
        return self.submitted.closed

    @classmethod
    def unadjusted(cls, rollup: ForecastRollup) -> AdjustedForecast:
        """``rollup`` with its adjusted figures equal to the submitted ones.

        >>> from salesmgmt import Period
        >>> from salesmgmt.pipeline import AdjustedForecast, ForecastRollup
        >>> r = ForecastRollup.empty(Period.parse("2025"), "USD")
        >>> AdjustedForecast.unadjusted(r).adjustments
        ()
        """
        r = check_type(
            rollup, ForecastRollup, record="AdjustedForecast.unadjusted()", field="rollup"
        )
        return cls(r, r.commit_forecast, r.best_case_forecast, r.open_pipeline)

    def __add__(self, other: AdjustedForecast) -> AdjustedForecast:
        if not isinstance(other, AdjustedForecast):
            raise WrongType.for_field(
                "AdjustedForecast", "other", other, "an AdjustedForecast for +"
            )
        return AdjustedForecast(
            self.submitted + other.submitted,
            self.commit_forecast + other.commit_forecast,
            self.best_case_forecast + other.best_case_forecast,
            self.open_pipeline + other.open_pipeline,
            adjustments=tuple(sorted({*self.adjustments, *other.adjustments}, key=_order)),
        )


def _order(a: ForecastAdjustment) -> tuple[Any, ...]:
    return (a.adjusted_on, a.target, a.category, a.adjusted_by, a.amount.amount, a.note)


def adjusted_rollup(
    rollups: Mapping[str, ForecastRollup | AdjustedForecast],
    adjustments: Iterable[ForecastAdjustment],
    *,
    as_of: dt.date | None = None,
) -> Mapping[str, AdjustedForecast]:
    """Apply the managers' calls to roll-ups keyed by rep or team id.

    For each target and category the latest adjustment (by ``adjusted_on``, on or
    before ``as_of`` when given) replaces that figure; the submitted roll-up is
    kept unchanged beside it. Roll-ups without an adjustment come back with
    adjusted = submitted. An :class:`AdjustedForecast` input (a team total built
    with ``+`` from adjusted rep figures) keeps its adjusted figures unless the
    team itself is adjusted. Adjustments never touch a deal.

    Raises:
        UnknownReference: an adjustment's target is not a key of ``rollups``.
        ValidationError: two adjustments of one target and category on one day
            (the call would depend on their order).
        CurrencyMismatch: an adjustment's amount is in another currency.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import (
    ...     ForecastAdjustment, ForecastRollup, adjusted_rollup)
    >>> r = ForecastRollup.empty(Period.quarter(2025, 1), "USD")
    >>> call = ForecastAdjustment("M-1", dt.date(2025, 2, 3), "R-1", "commit", Money(500, "USD"))
    >>> out = adjusted_rollup({"R-1": r}, [call])
    >>> out["R-1"].commit_forecast, out["R-1"].submitted.commit_forecast
    (Money('500.00', 'USD'), Money('0.00', 'USD'))
    """
    record = "adjusted_rollup()"
    if not isinstance(rollups, Mapping):
        raise WrongType.for_field(record, "rollups", rollups, "a mapping of id to ForecastRollup")
    day = None if as_of is None else check_date(as_of, record=record, field="as_of")
    base: dict[str, AdjustedForecast] = {}
    for key in sorted(rollups, key=lambda k: (type(k).__name__, str(k))):
        check_str(key, record=record, field="rollups key")
        value = rollups[key]
        if isinstance(value, ForecastRollup):
            value = AdjustedForecast.unadjusted(value)
        check_type(value, AdjustedForecast, record=record, field=f"rollups[{key!r}]")
        base[key] = value
    latest: dict[tuple[str, str], ForecastAdjustment] = {}
    items = checked_items(adjustments, ForecastAdjustment, record, "adjustments")
    for index, adj in enumerate(items):
        if day is not None and adj.adjusted_on > day:
            continue
        if adj.target not in base:
            raise UnknownReference.for_field(
                record, f"adjustments[{index}].target", adj.target, "a key of 'rollups'"
            )
        code = base[adj.target].submitted.currency
        if adj.amount.currency != code:
            raise CurrencyMismatch.between(code, adj.amount.currency, record=record)
        slot = (adj.target, adj.category)
        seen = latest.get(slot)
        if seen is not None and seen.adjusted_on == adj.adjusted_on and seen != adj:
            raise ValidationError.for_field(
                record,
                f"adjustments[{index}]",
                adj,
                f"the only adjustment of {adj.target!r} {adj.category} on {adj.adjusted_on}",
                hint="Keep one call per target, category and day.",
            )
        if seen is None or adj.adjusted_on > seen.adjusted_on:
            latest[slot] = adj
    result: dict[str, AdjustedForecast] = {}
    for key, value in base.items():
        applied = [latest[(key, c)] for c in _ADJUSTABLE if (key, c) in latest]
        if not applied:
            result[key] = value
            continue
        figures = {name: getattr(value, name) for name in _FIGURE.values()}
        for adj in applied:
            figures[_FIGURE[adj.category]] = adj.amount
        result[key] = AdjustedForecast(
            value.submitted,
            figures["commit_forecast"],
            figures["best_case_forecast"],
            figures["open_pipeline"],
            adjustments=tuple(sorted({*value.adjustments, *applied}, key=_order)),
        )
    return MappingProxyType(result)


@attrs.frozen
class ForecastVsQuota:
    """A forecast against a quota: each cumulative figure as a share of the quota.

    Ratios are ``None`` when the quota is zero. ``gap`` is quota minus the
    commit figure (negative when the commit call beats the quota).

    >>> from decimal import Decimal
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.pipeline import ForecastVsQuota
    >>> ForecastVsQuota(Money(10, "USD"), Decimal("0.5"), None, None, None, Money(5, "USD")).closed
    Decimal('0.5')
    """

    quota: Money = attrs.field(validator=non_negative_money)
    closed: Decimal | None = attrs.field(validator=optional_ratio)
    commit_forecast: Decimal | None = attrs.field(validator=optional_ratio)
    best_case_forecast: Decimal | None = attrs.field(validator=optional_ratio)
    open_pipeline: Decimal | None = attrs.field(validator=optional_ratio)
    gap: Money = attrs.field(
        validator=lambda i, a, v: check_type(v, Money, record="ForecastVsQuota", field=a.name)
    )


def forecast_vs_quota(
    forecast: ForecastRollup | AdjustedForecast, quota: Money
) -> ForecastVsQuota:
    """Compare a forecast (submitted or adjusted) with a quota.

    Each ratio is figure ÷ quota, unrounded (40 significant digits), ``None``
    for a zero quota.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.periods import Period
    >>> from salesmgmt.pipeline import ForecastRollup, forecast_vs_quota
    >>> u = lambda x: Money(x, "USD")
    >>> r = ForecastRollup(Period.quarter(2025, 1), "USD", None,
    ...                    u(0), u(50), u(30), u(20), u(100), (0, 1, 1, 1, 2))
    >>> v = forecast_vs_quota(r, u(200))
    >>> v.closed, v.commit_forecast, str(v.gap)
    (Decimal('0.5'), Decimal('0.6'), '80.00 USD')
    >>> forecast_vs_quota(r, u(0)).closed is None
    True
    """
    record = "forecast_vs_quota()"
    if not isinstance(forecast, ForecastRollup | AdjustedForecast):
        raise WrongType.for_field(
            record, "forecast", forecast, "a ForecastRollup or an AdjustedForecast"
        )
    figures = forecast
    target = check_type(quota, Money, record=record, field="quota")
    if target.amount < 0:
        raise ValidationError.for_field(record, "quota", quota, "a Money of at least 0")
    if target.currency != figures.closed.currency:
        raise CurrencyMismatch.between(figures.closed.currency, target.currency, record=record)
    return ForecastVsQuota(
        target,
        ratio(figures.closed, target),
        ratio(figures.commit_forecast, target),
        ratio(figures.best_case_forecast, target),
        ratio(figures.open_pipeline, target),
        target - figures.commit_forecast,
    )
