"""Collect every rep's :class:`~salesmgmt.reviews.RepFacts` for a period in one pass per input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from salesmgmt._checks import check_iterable, check_type, iter_chunks
from salesmgmt.activities import (
    Activity,
    AttendanceDay,
    DisciplinePolicy,
    ShortCalls,
    discipline,
    tally_activities,
)
from salesmgmt.errors import CurrencyMismatch, ValidationError
from salesmgmt.money import Money
from salesmgmt.org import Rep
from salesmgmt.periods import Period
from salesmgmt.pipeline import Opportunity, StageModel
from salesmgmt.reviews._scorecard import RepFacts

__all__ = ["collect_facts"]

_RECORD = "collect_facts()"
_EFFORT_KINDS = frozenset({"call", "visit", "meeting", "demo"})


def _mapping(value: object, field: str) -> Mapping[str, object]:
    return check_type(value, Mapping, record=_RECORD, field=field, expected="a mapping by rep id")


def _median(values: list[int]) -> int:
    """The median of integers of minor units, rounded half-even to a unit."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    pair = ordered[middle - 1] + ordered[middle]
    return pair // 2 + (1 if pair % 2 and (pair // 2) % 2 else 0)


def collect_facts(
    period: Period,
    *,
    reps: Iterable[Rep],
    opportunities: Iterable[Opportunity],
    stage_model: StageModel,
    currency: str,
    activities: Iterable[Activity] = (),
    attendance: Iterable[AttendanceDay] = (),
    discipline_policy: DisciplinePolicy | None = None,
    targets: Mapping[str, Money] | None = None,
    previous_bookings: Mapping[str, Money] | None = None,
    customers_lost: Mapping[str, int] | None = None,
    plan_completion: Mapping[str, Decimal] | None = None,
    reply_rate: Mapping[str, Decimal] | None = None,
) -> dict[str, RepFacts]:
    """Every rep's facts for ``period``: one pass over the deals, one over the
    activities, one over the attendance sheet (O(n), no per-rep scans).

    * bookings / won deals: won opportunities (``stage_model.is_won``) closed
      in the period, credited to their owner; all in ``currency``.
    * new customers added: accounts whose first won deal ever (in the deals
      given) closed in the period, credited to that deal's owner (ties: the
      smaller opportunity id).
    * new opportunities: opportunities created in the period, by owner.
    * calls, visits to existing customers, new customers developed, efforts
      (calls, visits, meetings, demos): from the activity log.
    * violations: :func:`~salesmgmt.activities.discipline` findings (a
      ShortCalls counts its short days, an ExcessAbsence its excess).
    * team median: the median bookings (half-even to a minor unit) of the
      reps of the same team.

    Deals and activities of ids not in ``reps`` are ignored.

    Raises:
        WrongType: arguments of the wrong type.
        CurrencyMismatch: a won deal in another currency.
        UnknownReference: a deal in a stage the model does not know.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.org import Rep
    >>> from salesmgmt.pipeline import Opportunity, StageModel
    >>> from salesmgmt.reviews import collect_facts
    >>> model = StageModel.default()
    >>> won = model.won_stage.name
    >>> deal = Opportunity("O-1", "C-1", "R-1", Money(500, "USD"), dt.date(2025, 3, 1),
    ...                    dt.date(2025, 3, 20), won)
    >>> facts = collect_facts(Period.month(2025, 3), reps=[Rep("R-1", "Li", "T-1")],
    ...                       opportunities=[deal], stage_model=model, currency="USD")
    >>> facts["R-1"].bookings, facts["R-1"].new_customers_added, facts["R-1"].team_median_bookings
    (Money('500.00', 'USD'), 1, Money('500.00', 'USD'))
    """
    check_type(period, Period, record=_RECORD, field="period")
    model = check_type(stage_model, StageModel, record=_RECORD, field="stage_model")
    zero = Money.zero(currency)
    roster: dict[str, Rep] = {}
    for chunk in iter_chunks(reps, record=_RECORD, field="reps"):
        for rep in chunk:
            check_type(rep, Rep, record=_RECORD, field="reps[]")
            if rep.rep_id in roster:
                raise ValidationError.for_field(_RECORD, "reps", rep.rep_id, "one Rep per id")
            roster[rep.rep_id] = rep
    booked: dict[str, int] = dict.fromkeys(roster, 0)
    won_count: dict[str, int] = dict.fromkeys(roster, 0)
    created: dict[str, int] = dict.fromkeys(roster, 0)
    first_won: dict[str, tuple[dt.date, str, str]] = {}
    won_stages: dict[str, bool] = {}
    start, end = period.start, period.end
    for chunk in iter_chunks(opportunities, record=_RECORD, field="opportunities"):
        for deal in chunk:
            if type(deal) is not Opportunity:  # fast path for the exact class
                check_type(deal, Opportunity, record=_RECORD, field="opportunities[]")
            is_won = won_stages.get(deal.stage)
            if is_won is None:
                is_won = won_stages[deal.stage] = model.is_won(deal.stage)
            owner = deal.owner_id
            if owner in created and start <= deal.created_on <= end:
                created[owner] += 1
            if not is_won:
                continue
            key = (deal.close_date, deal.opportunity_id, owner)
            known = first_won.get(deal.account_id)
            if known is None or key < known:
                first_won[deal.account_id] = key
            if owner in booked and start <= deal.close_date <= end:
                if deal.amount.currency != zero.currency:
                    raise CurrencyMismatch.between(
                        zero.currency, deal.amount.currency, record=_RECORD
                    )
                booked[owner] += deal.amount.to_minor_units()
                won_count[owner] += 1
    added: dict[str, int] = dict.fromkeys(roster, 0)
    for day, _, owner in first_won.values():
        if owner in added and start <= day <= end:
            added[owner] += 1
    log = check_iterable(activities, record=_RECORD, field="activities")
    tally = tally_activities(log, period)
    efforts: dict[str, int] = {}
    for item in log:  # checked to be Activity values by tally_activities()
        if item.kind in _EFFORT_KINDS and start <= item.on <= end:
            efforts[item.rep_id] = efforts.get(item.rep_id, 0) + 1
    violations: dict[str, int] = {}
    for finding in discipline(log, attendance, period, discipline_policy):
        count = finding.days_short if isinstance(finding, ShortCalls) else finding.excess
        violations[finding.rep_id] = violations.get(finding.rep_id, 0) + count
    teams: dict[str, list[int]] = {}
    for rep_id, rep in roster.items():
        teams.setdefault(rep.team_id, []).append(booked[rep_id])
    medians = {team: _median(values) for team, values in teams.items()}
    maps = {
        name: _mapping(value if value is not None else {}, name)
        for name, value in (
            ("targets", targets),
            ("previous_bookings", previous_bookings),
            ("customers_lost", customers_lost),
            ("plan_completion", plan_completion),
            ("reply_rate", reply_rate),
        )
    }
    facts: dict[str, RepFacts] = {}
    for rep_id in sorted(roster):
        counts = tally.reps.get(rep_id)
        facts[rep_id] = RepFacts(
            rep_id,
            period,
            Money.from_minor_units(booked[rep_id], zero.currency),
            target=maps["targets"].get(rep_id),  # type: ignore[arg-type] # RepFacts validates
            team_median_bookings=Money.from_minor_units(
                medians[roster[rep_id].team_id], zero.currency
            ),
            previous_bookings=maps["previous_bookings"].get(rep_id),  # type: ignore[arg-type] # validated
            new_customers_developed=len(counts.new_accounts) if counts else 0,
            existing_visits=counts.existing_visits if counts else 0,
            calls=counts.calls if counts else 0,
            won_deals=won_count[rep_id],
            new_customers_added=added[rep_id],
            customers_lost=maps["customers_lost"].get(rep_id, 0),  # type: ignore[arg-type] # validated
            violations=violations.get(rep_id, 0),
            plan_completion=maps["plan_completion"].get(rep_id),
            reply_rate=maps["reply_rate"].get(rep_id),
            team_id=roster[rep_id].team_id,
            efforts=efforts.get(rep_id, 0),
            new_opportunities=created[rep_id],
        )
    return facts
