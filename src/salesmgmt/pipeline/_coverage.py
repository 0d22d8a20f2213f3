"""Pipeline coverage against the quota still to book, from the deals themselves.

:func:`~salesmgmt.pipeline.coverage` divides two amounts the caller already has.
:func:`pipeline_coverage` and :func:`coverage_by_owner` start from the deals: in
one pass (the pipeline tally) they find what was booked (won) in the period and
what is still open, as the deals stood on ``as_of`` when it is given, and
compare the open pipeline with *quota − booked*. The quota is the period's
target from the targets area (``TargetSchedule.total``, a rep's quota, a
team's combined quota). A :class:`PipelineCoverage` keeps its parts, so
coverages of reps add up to a team's with ``+`` and the ratio is recomputed
from the merged parts. Catalogue: ``docs/metrics/pipeline.md``, "Pipeline
coverage".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from salesmgmt._checks import check_date, check_str, check_type
from salesmgmt.errors import CurrencyMismatch, ValidationError, WrongType
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.pipeline._deals import Opportunity
from salesmgmt.pipeline._metrics import (
    CategoryWeights,
    PipelineMetrics,
    WeightBy,
    finalise,
    finalise_by_owner,
)
from salesmgmt.pipeline._model import StageModel
from salesmgmt.pipeline._rates import coverage
from salesmgmt.pipeline._tally import PipelineTally, tally

__all__ = ["PipelineCoverage", "coverage_by_owner", "pipeline_coverage"]

_RECORD = "PipelineCoverage"
_MONEY_FIELDS = ("quota", "booked", "open_pipeline", "weighted_pipeline")


def _period(value: object) -> Period:
    return check_type(value, Period, record=_RECORD, field="period")


def _as_of(value: object) -> dt.date | None:
    return None if value is None else check_date(value, record=_RECORD, field="as_of")


def _money(instance: Any, attribute: attrs.Attribute[Money], value: object) -> None:
    money = check_type(value, Money, record=_RECORD, field=attribute.name)
    if money.amount < 0:
        raise ValidationError.for_field(_RECORD, attribute.name, value, "a Money of at least 0")


@attrs.frozen
class PipelineCoverage:
    """The open pipeline of ``period`` against the quota still to book, with its parts.

    ``quota`` is the period's target, ``booked`` the amount won in the period,
    ``open_pipeline`` and ``weighted_pipeline`` the open deals closing in it
    (as the deals stood on ``as_of`` when given). The ratios are properties
    computed from these parts, so ``a + b`` (two reps, the same period and
    ``as_of``) gives the team's coverage recomputed from the summed parts, never
    an average of ratios.

    Raises:
        ValidationError: a negative amount, or a weighted pipeline above the open one.
        CurrencyMismatch: amounts in two currencies.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import PipelineCoverage
    >>> usd = lambda x: Money(x, "USD")
    >>> c = PipelineCoverage(Period.quarter(2025, 1), None, usd(100_000), usd(40_000),
    ...                      usd(180_000), usd(75_000))
    >>> c.remaining, c.coverage, c.weighted_coverage
    (Money('60000.00', 'USD'), Decimal('3'), Decimal('1.25'))
    >>> (c + c).coverage
    Decimal('3')
    """

    period: Period = attrs.field(converter=_period)
    as_of: dt.date | None = attrs.field(converter=_as_of)
    quota: Money = attrs.field(validator=_money)
    booked: Money = attrs.field(validator=_money)
    open_pipeline: Money = attrs.field(validator=_money)
    weighted_pipeline: Money = attrs.field(validator=_money)

    def __attrs_post_init__(self) -> None:
        code = self.quota.currency
        for name in _MONEY_FIELDS:
            money: Money = getattr(self, name)
            if money.currency != code:
                raise CurrencyMismatch.between(code, money.currency, record=f"{_RECORD}.{name}")
        if self.weighted_pipeline.amount > self.open_pipeline.amount:
            raise ValidationError.for_field(
                _RECORD,
                "weighted_pipeline",
                self.weighted_pipeline,
                f"at most open_pipeline={self.open_pipeline!r}",
            )

    @property
    def remaining(self) -> Money:
        """Quota minus booked: what is still to book (negative once the quota is beaten).

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.pipeline import PipelineCoverage
        >>> z = Money(0, "EUR")
        >>> PipelineCoverage(Period.parse("2025"), None, Money(5, "EUR"), Money(8, "EUR"), z,
        ...                  z).remaining
        Money('-3.00', 'EUR')
        """
        return self.quota - self.booked

    @property
    def coverage(self) -> Decimal | None:
        """Open pipeline ÷ remaining quota; ``None`` when nothing remains (quota met).

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.pipeline import PipelineCoverage
        >>> z = Money(0, "EUR")
        >>> PipelineCoverage(Period.parse("2025"), None, z, z, Money(9, "EUR"), z).coverage is None
        True
        """
        return coverage(self.open_pipeline, self.remaining)

    @property
    def weighted_coverage(self) -> Decimal | None:
        """Weighted pipeline ÷ remaining quota; ``None`` when nothing remains.

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.pipeline import PipelineCoverage
        >>> u = lambda x: Money(x, "USD")
        >>> c = PipelineCoverage(Period.parse("2025"), None, u(10), u(0), u(30), u(5))
        >>> c.weighted_coverage
        Decimal('0.5')
        """
        return coverage(self.weighted_pipeline, self.remaining)

    def __add__(self, other: PipelineCoverage) -> PipelineCoverage:
        if not isinstance(other, PipelineCoverage):
            raise WrongType.for_field(_RECORD, "other", other, "a PipelineCoverage for +")
        if other.quota.currency != self.quota.currency:
            raise CurrencyMismatch.between(
                self.quota.currency, other.quota.currency, record=_RECORD
            )
        if (other.period, other.as_of) != (self.period, self.as_of):
            raise ValidationError.for_field(
                _RECORD,
                "other",
                (other.period, other.as_of),
                f"a coverage of the same period and as_of ({self.period}, {self.as_of!r})",
            )
        return PipelineCoverage(
            self.period,
            self.as_of,
            *(getattr(self, name) + getattr(other, name) for name in _MONEY_FIELDS),
        )


def _quota(value: object, record: str, field: str) -> Money:
    money = check_type(value, Money, record=record, field=field)
    if money.amount < 0:
        raise ValidationError.for_field(record, field, value, "a Money of at least 0")
    return money


def pipeline_coverage(
    deals: Iterable[Opportunity],
    period: Period,
    quota: Money,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    by: WeightBy = "probability",
    category_weights: CategoryWeights | None = None,
    include_omitted: bool = False,
) -> PipelineCoverage:
    """How many times the open pipeline covers the quota still to book in ``period``.

    One pass over the deals: ``booked`` is the amount of the deals won with a
    close date in ``period``, ``open_pipeline`` and ``weighted_pipeline`` are as
    in :func:`open_pipeline` and :func:`weighted_pipeline`; with ``as_of`` every
    deal is taken as it stood at the end of that day. The coverage is
    ``open_pipeline ÷ (quota − booked)``, ``None`` once the quota is met.

    Args:
        deals: the opportunities (any order).
        period: selects deals by close date (both ends included).
        quota: the period's target, e.g. ``TargetSchedule.total`` (at least 0;
            its currency is the result's, also when no deal counts).
        model: the stage model.
        as_of: replay the deals' history to the end of this day.
        by: weigh open deals by stage probability or forecast category.
        category_weights: the weights for ``by="category"``.
        include_omitted: count open deals in the ``"omitted"`` category.

    Raises:
        UnknownReference: a deal's stage is not in ``model`` (names the deal).
        CurrencyMismatch: deals in another currency than the quota.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, pipeline_coverage
    >>> def deal(i, amount, stage):
    ...     return Opportunity(f"O-{i}", "A-1", "R-1", Money(amount, "USD"),
    ...                        dt.date(2025, 1, 2), dt.date(2025, 3, 20), stage)
    >>> deals = [deal(1, 40_000, "Closed Won"), deal(2, 100_000, "Proposal"),
    ...          deal(3, 80_000, "Commit")]
    >>> c = pipeline_coverage(deals, Period.quarter(2025, 1), Money(100_000, "USD"),
    ...                       model=StageModel.default())
    >>> c.booked, c.remaining, c.open_pipeline, c.coverage
    (Money('40000.00', 'USD'), Money('60000.00', 'USD'), Money('180000.00', 'USD'), Decimal('3'))
    >>> c.weighted_pipeline, c.weighted_coverage       # 40,000 + 64,000
    (Money('104000.00', 'USD'), Decimal('1.733333333333333333333333333333333333333'))
    >>> pipeline_coverage([], Period.quarter(2025, 1), Money(5, "EUR"),
    ...                   model=StageModel.default()).coverage
    Decimal('0')
    """
    record = "pipeline_coverage()"
    target = _quota(quota, record, "quota")
    parts = tally(deals, period, model=model, as_of=as_of)
    if parts.currency is not None and parts.currency != target.currency:
        raise CurrencyMismatch.between(target.currency, parts.currency, record=record)
    metrics = finalise(
        parts,
        model=model,
        by=by,
        category_weights=category_weights,
        currency=target.currency,
        include_omitted=include_omitted,
    )
    return _coverage(parts, target, metrics)


def coverage_by_owner(
    deals: Iterable[Opportunity],
    period: Period,
    quotas: Mapping[str, Money],
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    by: WeightBy = "probability",
    category_weights: CategoryWeights | None = None,
    include_omitted: bool = False,
) -> Mapping[str, PipelineCoverage]:
    """:func:`pipeline_coverage` for each rep of ``quotas`` (``{rep_id: quota}``), in one pass.

    The result has one entry per key of ``quotas``, sorted by rep id; a rep with
    no deal gets zero pipeline. Deals of owners without a quota are left out
    (pass them a quota to see them). The values add with ``+``, so
    ``OrgChart.rollup`` gives team coverage from the summed parts.

    Raises:
        CurrencyMismatch: quotas or deals in more than one currency.
        UnknownReference: a deal's stage is not in ``model`` (names the deal).

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, coverage_by_owner
    >>> deals = [Opportunity("O-1", "A-1", "R-1", Money(300, "USD"), dt.date(2025, 1, 2),
    ...                      dt.date(2025, 3, 20), "Commit")]
    >>> out = coverage_by_owner(deals, Period.quarter(2025, 1),
    ...                         {"R-1": Money(100, "USD"), "R-2": Money(50, "USD")},
    ...                         model=StageModel.default())
    >>> [(rep, c.coverage) for rep, c in out.items()]
    [('R-1', Decimal('3')), ('R-2', Decimal('0'))]
    """
    record = "coverage_by_owner()"
    if not isinstance(quotas, Mapping):
        raise WrongType.for_field(record, "quotas", quotas, "a mapping {rep_id: Money}")
    targets: dict[str, Money] = {}
    code: str | None = None
    for key in sorted(quotas, key=lambda k: (type(k).__name__, str(k))):
        rep = check_str(key, record=record, field="quotas key")
        target = _quota(quotas[key], record, f"quotas[{rep!r}]")
        if code is not None and target.currency != code:
            raise CurrencyMismatch.between(code, target.currency, record=record)
        code = target.currency
        targets[rep] = target
    parts = tally(deals, period, model=model, as_of=as_of)
    if code is None:
        return MappingProxyType({})
    if parts.currency is not None and parts.currency != code:
        raise CurrencyMismatch.between(code, parts.currency, record=record)
    found = {
        metrics.owner_id: metrics
        for metrics in finalise_by_owner(
            parts,
            model=model,
            by=by,
            category_weights=category_weights,
            currency=code,
            include_omitted=include_omitted,
        )
    }
    return MappingProxyType(
        {rep: _coverage(parts, target, found.get(rep)) for rep, target in targets.items()}
    )


def _coverage(
    parts: PipelineTally, quota: Money, metrics: PipelineMetrics | None
) -> PipelineCoverage:
    """The coverage of ``quota`` by finalised ``metrics`` (``None``: no deal, no pipeline)."""
    if metrics is None:
        zero = Money.zero(quota.currency)
        return PipelineCoverage(parts.period, parts.as_of, quota, zero, zero, zero)
    return PipelineCoverage(
        parts.period,
        parts.as_of,
        quota,
        metrics.won_amount,
        metrics.open_pipeline,
        metrics.weighted_pipeline,
    )
