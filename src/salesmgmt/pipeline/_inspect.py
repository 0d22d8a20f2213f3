"""Deal inspection by facts (抓单): findings a manager raises in the one-to-one.

:func:`inspect` runs ten small rules over the open deals, as they stood at the
end of ``as_of``, and returns :class:`Finding` values, each with a sentence
naming the deal and the fact ("O-17: close date 2025-03-31 is in the past (as
of 2025-04-07)"). Thresholds live in :class:`InspectionPolicy`; a finding can be
silenced with a :class:`Snooze` until a date. The whole inspection is one pass
plus one sort per statistic: O(n log n). See ``docs/inspection.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import (
    check_choice,
    check_date,
    check_int,
    check_iterable,
    check_str,
    check_type,
)
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import CurrencyMismatch, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import BusinessCalendar
from salesmgmt.pipeline._common import (
    as_known,
    category_of,
    check_deals,
    checked_items,
    stage_map,
    stage_of,
)
from salesmgmt.pipeline._deals import AmountChange, CloseDateChange, Opportunity, StageChange
from salesmgmt.pipeline._model import CATEGORIES, Stage, StageModel

__all__ = ["RULES", "SEVERITIES", "Finding", "InspectionPolicy", "Snooze", "inspect"]

Rule: TypeAlias = Literal[
    "close_date_past",
    "pushed",
    "stale",
    "long_in_stage",
    "amount_cut",
    "stage_backwards",
    "no_evidence",
    "few_touches",
    "no_next_step",
    "concentration",
]
Severity: TypeAlias = Literal["high", "medium", "low"]

#: The inspection rules, in the order they are documented.
RULES: Final[tuple[Rule, ...]] = (
    "close_date_past",
    "pushed",
    "stale",
    "long_in_stage",
    "amount_cut",
    "stage_backwards",
    "no_evidence",
    "few_touches",
    "no_next_step",
    "concentration",
)
#: Severities, most severe first (findings sort in this order).
SEVERITIES: Final[tuple[Severity, ...]] = ("high", "medium", "low")
_SEVERITY_RANK: Final = {name: rank for rank, name in enumerate(SEVERITIES)}

_DEFAULT_SEVERITIES: Final = (
    ("close_date_past", "high"),
    ("pushed", "medium"),
    ("stale", "medium"),
    ("long_in_stage", "low"),
    ("amount_cut", "medium"),
    ("stage_backwards", "medium"),
    ("no_evidence", "high"),
    ("few_touches", "low"),
    ("no_next_step", "low"),
    ("concentration", "medium"),
)


# -- values ------------------------------------------------------------------------------


def _text(record: str, max_length: int = 200, empty_ok: bool = False) -> Callable[..., None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_str(
            value, record=record, field=attribute.name, max_length=max_length, empty_ok=empty_ok
        )

    return check


@attrs.frozen
class Finding:
    """One flag on one deal: which rule, how severe, and the sentence with the fact.

    ``owner_id`` is the deal's rep, so a manager can filter the findings for one
    one-to-one.

    >>> from salesmgmt.pipeline import Finding
    >>> f = Finding("O-17", "close_date_past", "high",
    ...             "O-17: close date 2025-03-31 is in the past (as of 2025-04-07)",
    ...             owner_id="R-1")
    >>> f.rule, f.severity
    ('close_date_past', 'high')
    """

    opportunity_id: str = attrs.field(validator=_text("Finding"))
    rule: Rule = attrs.field(
        validator=lambda i, a, v: check_choice(v, RULES, record="Finding", field=a.name)
    )
    severity: Severity = attrs.field(
        validator=lambda i, a, v: check_choice(v, SEVERITIES, record="Finding", field=a.name)
    )
    message: str = attrs.field(validator=_text("Finding", max_length=2000))
    owner_id: str = attrs.field(
        default="", kw_only=True, validator=_text("Finding", empty_ok=True)
    )


def _until(value: object) -> dt.date:
    return check_date(value, record="Snooze", field="until")


def _finding(deal_id: str, rule: str, severity: str, message: str, owner_id: str) -> Finding:
    """A Finding from parts the inspection already checked (hot path: no re-validation)."""
    finding = object.__new__(Finding)
    for name, value in (
        ("opportunity_id", deal_id),
        ("rule", rule),
        ("severity", severity),
        ("message", message),
        ("owner_id", owner_id),
    ):
        object.__setattr__(finding, name, value)
    return finding


@attrs.frozen
class Snooze:
    """Silence one rule on one deal through ``until`` (inclusive), with a reason.

    The finding is hidden while ``as_of <= until`` and comes back the day after.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import Snooze
    >>> Snooze("O-17", "no_next_step", dt.date(2025, 4, 30), "buyer on leave").until
    datetime.date(2025, 4, 30)
    """

    opportunity_id: str = attrs.field(validator=_text("Snooze"))
    rule: Rule = attrs.field(
        validator=lambda i, a, v: check_choice(v, RULES, record="Snooze", field=a.name)
    )
    until: dt.date = attrs.field(converter=_until)
    reason: str = attrs.field(validator=_text("Snooze", max_length=2000))


def _int_in(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_int(
            value, record="InspectionPolicy", field=attribute.name, min_value=low, max_value=high
        )

    return check


def _share(value: object, name: str, low: int, high: int) -> Decimal:
    number = to_decimal(value, record="InspectionPolicy", field=name)
    if not low <= number <= high:
        raise ValidationError.for_field(
            "InspectionPolicy", name, value, f"between {low} and {high}"
        )
    return number


def _stage_age_factor(value: object) -> Decimal:
    return _share(value, "stage_age_factor", 0, 1000)


def _max_amount_cut(value: object) -> Decimal:
    return _share(value, "max_amount_cut", 0, 1)


def _max_deal_share(value: object) -> Decimal:
    return _share(value, "max_deal_share", 0, 1)


def _rules(value: object) -> tuple[Rule, ...]:
    items = check_iterable(value, record="InspectionPolicy", field="rules", max_items=100)
    for index, item in enumerate(items):
        check_choice(item, RULES, record="InspectionPolicy", field=f"rules[{index}]")
    return tuple(rule for rule in RULES if rule in items)


def _categories(value: object) -> tuple[str, ...]:
    items = check_iterable(
        value, record="InspectionPolicy", field="evidence_categories", max_items=100
    )
    for index, item in enumerate(items):
        check_choice(
            item, CATEGORIES, record="InspectionPolicy", field=f"evidence_categories[{index}]"
        )
    return tuple(c for c in CATEGORIES if c in items)


def _severities(value: object) -> tuple[tuple[Rule, Severity], ...]:
    record = "InspectionPolicy"
    pairs = value.items() if isinstance(value, Mapping) else value
    items = check_iterable(pairs, record=record, field="severities", max_items=100)
    chosen = dict(_DEFAULT_SEVERITIES)
    for index, pair in enumerate(items):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValidationError.for_field(
                record, f"severities[{index}]", pair, "a (rule, severity) pair"
            )
        rule = check_choice(pair[0], RULES, record=record, field=f"severities[{index}].rule")
        chosen[rule] = check_choice(
            pair[1], SEVERITIES, record=record, field=f"severities[{rule}]"
        )
    return tuple((rule, chosen[rule]) for rule in RULES)  # type: ignore[misc]  # keys are RULES


@attrs.frozen
class InspectionPolicy:
    """The thresholds of the inspection rules; every field has a documented default.

    Attributes:
        push_limit: flag a deal whose close date was pushed later this many
            times or more (default 2).
        stale_days: flag an open deal with no touch, evidence or stage change
            for more than this many days (default 14; business days with a
            calendar).
        stage_age_factor: flag a deal in its stage for more than this multiple of
            the stage's median stay (default 1.5).
        min_stage_samples: completed stays a stage needs before its median is
            trusted (default 5).
        max_amount_cut: flag a deal whose amount fell by more than this share of
            its highest amount (default 0.2, i.e. 20 %).
        evidence_categories: forecast categories whose deals must carry objective
            evidence (default commit and best case).
        min_won_samples: won deals that passed a stage before their median
            touches are trusted (default 3).
        max_deal_share: flag a deal over this share of its rep's open pipeline
            (default 0.5).
        min_deals_for_concentration: open deals a rep needs before concentration
            is judged (default 2).
        rules: the rules that run (default all of :data:`RULES`).
        severities: ``(rule, severity)`` pairs overriding the defaults
            (close_date_past and no_evidence high; long_in_stage, few_touches and
            no_next_step low; the rest medium).

    >>> from salesmgmt.pipeline import InspectionPolicy
    >>> policy = InspectionPolicy(stale_days=10, severities={"stale": "high"})
    >>> policy.push_limit, policy.stale_days, dict(policy.severities)["stale"]
    (2, 10, 'high')
    >>> InspectionPolicy(max_amount_cut=2)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: InspectionPolicy: 'max_amount_cut' must be between 0
    and 1 (got 2)
    """

    push_limit: int = attrs.field(
        default=2,
        validator=_int_in(1, 10**6),
    )
    stale_days: int = attrs.field(
        default=14,
        validator=_int_in(0, 10**6),
    )
    stage_age_factor: Decimal = attrs.field(default=Decimal("1.5"), converter=_stage_age_factor)
    min_stage_samples: int = attrs.field(
        default=5,
        validator=_int_in(1, 10**9),
    )
    max_amount_cut: Decimal = attrs.field(default=Decimal("0.2"), converter=_max_amount_cut)
    evidence_categories: tuple[str, ...] = attrs.field(
        default=("best_case", "commit"), converter=_categories
    )
    min_won_samples: int = attrs.field(
        default=3,
        validator=_int_in(1, 10**9),
    )
    max_deal_share: Decimal = attrs.field(default=Decimal("0.5"), converter=_max_deal_share)
    min_deals_for_concentration: int = attrs.field(
        default=2,
        validator=_int_in(1, 10**9),
    )
    rules: tuple[Rule, ...] = attrs.field(default=RULES, converter=_rules)
    severities: tuple[tuple[Rule, Severity], ...] = attrs.field(
        default=_DEFAULT_SEVERITIES, converter=_severities
    )


# -- per-deal facts ----------------------------------------------------------------------


@attrs.frozen
class _Context:
    """What every rule sees: the day, the policy, the statistics."""

    as_of: dt.date
    policy: InspectionPolicy
    stages: Mapping[str, Stage]
    positions: Mapping[str, int]
    calendar: BusinessCalendar | None
    stage_medians: Mapping[str, Fraction]
    touch_medians: Mapping[str, Fraction]
    pipeline_by_owner: Mapping[str, tuple[int, Decimal]]

    def days(self, start: dt.date, end: dt.date) -> int:
        if self.calendar is None:
            return (end - start).days
        return self.calendar.business_days_between(start, end)

    @property
    def unit(self) -> str:
        return "days" if self.calendar is None else "business days"


def _stays(deal: Opportunity) -> list[tuple[str, dt.date, dt.date | None]]:
    """The deal's stays in stages: (stage, entered, left or None for the current one)."""
    changes = [e for e in deal.history if type(e) is StageChange]
    stage = changes[0].from_stage if changes else deal.stage
    entered = deal.created_on
    stays: list[tuple[str, dt.date, dt.date | None]] = []
    for change in changes:
        stays.append((stage, entered, change.on))
        stage, entered = change.to_stage, change.on
    stays.append((stage, entered, None))
    return stays


def _median(values: list[int]) -> Fraction:
    values.sort()
    middle = len(values) // 2
    if len(values) % 2:
        return Fraction(values[middle])
    return Fraction(values[middle - 1] + values[middle], 2)


def _show(number: Fraction) -> str:
    if number.denominator == 1:
        return str(number.numerator)
    return str(
        RATIO.divide(Decimal(number.numerator), Decimal(number.denominator)).quantize(
            Decimal("0.1"), context=RATIO
        )
    )


def _plain(number: Decimal) -> str:
    """``1.5`` for ``Decimal('1.50')``; ``2`` for ``Decimal('2.0')``."""
    return format(number.normalize(context=RATIO), "f")


def _percent(part: Decimal, whole: Decimal) -> str:
    share = RATIO.divide(RATIO.multiply(part, Decimal(100)), whole)
    text = str(share.quantize(Decimal("0.1"), context=RATIO))
    return text.removesuffix(".0") + "%"


def _last_activity(deal: Opportunity) -> dt.date:
    last = deal.created_on
    for touch in deal.touches:
        last = max(last, touch.on)
    for fact in deal.evidence:
        last = max(last, fact.on)
    for event in deal.history:
        if type(event) is StageChange:
            last = max(last, event.on)
    return last


# -- the rules: each returns the sentence after "O-17: ", or None ------------------------


def _close_date_past(deal: Opportunity, ctx: _Context) -> str | None:
    if deal.close_date < ctx.as_of:
        return f"close date {deal.close_date} is in the past (as of {ctx.as_of})"
    return None


def _pushed(deal: Opportunity, ctx: _Context) -> str | None:
    pushes = [e for e in deal.history if type(e) is CloseDateChange and e.to_date > e.from_date]
    if len(pushes) >= ctx.policy.push_limit:
        return (
            f"close date pushed {len(pushes)} times, from {pushes[0].from_date}"
            f" to {deal.close_date}"
        )
    return None


def _stale(deal: Opportunity, ctx: _Context) -> str | None:
    last = _last_activity(deal)
    idle = ctx.days(last, ctx.as_of)
    if idle > ctx.policy.stale_days:
        return f"no touch, evidence or stage change for {idle} {ctx.unit} (last on {last})"
    return None


def _long_in_stage(deal: Opportunity, ctx: _Context) -> str | None:
    median = ctx.stage_medians.get(deal.stage)
    if median is None:
        return None
    entered = _stays(deal)[-1][1]
    age = ctx.days(entered, ctx.as_of)
    factor = Fraction(ctx.policy.stage_age_factor)
    if age > factor * median:
        return (
            f"{age} {ctx.unit} in {deal.stage} (since {entered}), more than"
            f" {_plain(ctx.policy.stage_age_factor)} × the stage's median"
            f" of {_show(median)} {ctx.unit}"
        )
    return None


def _amount_cut(deal: Opportunity, ctx: _Context) -> str | None:
    peak = deal.amount
    for event in deal.history:
        if type(event) is AmountChange:
            peak = max(peak, event.from_amount, event.to_amount)
    if peak.is_zero():
        return None
    cut = peak.amount - deal.amount.amount
    if cut > EXACT.multiply(ctx.policy.max_amount_cut, peak.amount):  # cut / peak > share
        return f"amount cut {_percent(cut, peak.amount)} from {peak} to {deal.amount}"
    return None


def _stage_backwards(deal: Opportunity, ctx: _Context) -> str | None:
    last = None
    for event in deal.history:
        if type(event) is StageChange:
            before = ctx.positions.get(event.from_stage)
            after = ctx.positions.get(event.to_stage)
            if before is not None and after is not None and after < before:
                last = event
    if last is None:
        return None
    return f"stage moved back from {last.from_stage} to {last.to_stage} on {last.on}"


def _no_evidence(deal: Opportunity, ctx: _Context) -> str | None:
    category = category_of(deal, ctx.stages)
    if category not in ctx.policy.evidence_categories or deal.evidence:
        return None
    label = category.replace("_", " ")
    if deal.notes:
        count = len(deal.notes)
        return (
            f"in {label} with only notes ({count} note{'s' * (count != 1)}), no objective evidence"
        )
    return f"in {label} with no objective evidence"


def _few_touches(deal: Opportunity, ctx: _Context) -> str | None:
    median = ctx.touch_medians.get(deal.stage)
    count = len(deal.touches)
    if median is None or count >= median:
        return None
    return (
        f"{count} touches, fewer than the {_show(median)} of a typical won deal"
        f" by the end of {deal.stage}"
    )


def _no_next_step(deal: Opportunity, ctx: _Context) -> str | None:
    if deal.next_step is None or not deal.next_step.strip():
        return "no next step"
    return None


def _concentration(deal: Opportunity, ctx: _Context) -> str | None:
    count, whole = ctx.pipeline_by_owner[deal.owner_id]
    if count < ctx.policy.min_deals_for_concentration or whole.is_zero():
        return None
    part = deal.amount.amount
    if part > EXACT.multiply(ctx.policy.max_deal_share, whole):  # part / whole > share
        code = deal.amount.currency
        return (
            f"{deal.amount} is {_percent(part, whole)} of {deal.owner_id}'s open pipeline"
            f" of {Money(whole, code)}"
        )
    return None


_CHECKS: Final[Mapping[str, Callable[[Opportunity, _Context], str | None]]] = {
    "close_date_past": _close_date_past,
    "pushed": _pushed,
    "stale": _stale,
    "long_in_stage": _long_in_stage,
    "amount_cut": _amount_cut,
    "stage_backwards": _stage_backwards,
    "no_evidence": _no_evidence,
    "few_touches": _few_touches,
    "no_next_step": _no_next_step,
    "concentration": _concentration,
}


# -- statistics --------------------------------------------------------------------------


def _statistics(
    deals: tuple[Opportunity, ...],
    stages: Mapping[str, Stage],
    policy: InspectionPolicy,
    days: Callable[[dt.date, dt.date], int],
    record: str,
) -> tuple[dict[str, Fraction], dict[str, Fraction], dict[str, tuple[int, Decimal]]]:
    """Per stage: median completed stay and median touches of won deals; per rep:
    open deal count and open amount. One pass plus one sort per stage."""
    stays: defaultdict[str, list[int]] = defaultdict(list)
    touches: defaultdict[str, list[int]] = defaultdict(list)
    pipeline: dict[str, tuple[int, Decimal]] = {}
    currency = None
    for deal in deals:
        stage = stage_of(deal, stages)
        deal_stays = _stays(deal)
        for name, entered, left in deal_stays:
            if left is not None:
                stays[name].append(days(entered, left))
        if stage.won:
            dates = sorted(t.on for t in deal.touches)
            for name, _, left in deal_stays:
                known = stages.get(name)
                if left is not None and known is not None and known.is_open:
                    touches[name].append(bisect.bisect_right(dates, left))
        elif stage.is_open:
            if currency is None:
                currency = deal.amount.currency
            elif deal.amount.currency != currency:
                raise CurrencyMismatch.between(currency, deal.amount.currency, record=record)
            count, whole = pipeline.get(deal.owner_id, (0, Decimal(0)))
            pipeline[deal.owner_id] = (count + 1, whole + deal.amount.amount)
    stage_medians = {
        name: _median(values)
        for name, values in stays.items()
        if len(values) >= policy.min_stage_samples
    }
    touch_medians = {
        name: _median(values)
        for name, values in touches.items()
        if len(values) >= policy.min_won_samples
    }
    return stage_medians, touch_medians, pipeline


def inspect(
    deals: Iterable[Opportunity],
    as_of: dt.date,
    *,
    model: StageModel,
    policy: InspectionPolicy | None = None,
    calendar: BusinessCalendar | None = None,
    snoozes: Iterable[Snooze] = (),
) -> list[Finding]:
    """Inspect the open deals as they stood at the end of ``as_of``.

    Each rule of ``policy.rules`` runs on each open deal; medians (a stage's
    typical stay, the touches of won deals) come from all the deals given,
    closed ones included. Day counts are calendar days, or business days when a
    ``calendar`` is given. A finding matched by a :class:`Snooze` with
    ``as_of <= until`` is left out. Findings are sorted by severity (high
    first), deal id, rule and message, so the result does not depend on the
    order of ``deals``.

    Raises:
        UnknownReference: a deal's stage is not in ``model`` (names the deal).
        ValidationError: two deals share an id.
        CurrencyMismatch: open deals in more than one currency.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.pipeline import Opportunity, StageModel
    >>> from salesmgmt.pipeline import inspect
    >>> deal = Opportunity("O-17", "A-1", "R-1", Money(100, "USD"), dt.date(2025, 3, 1),
    ...                    dt.date(2025, 3, 31), "Prospecting", next_step="call Ann")
    >>> for f in inspect([deal], dt.date(2025, 4, 7), model=StageModel.default()):
    ...     print(f.severity, f.message)
    high O-17: close date 2025-03-31 is in the past (as of 2025-04-07)
    medium O-17: no touch, evidence or stage change for 37 days (last on 2025-03-01)
    >>> inspect([], dt.date(2025, 4, 7), model=StageModel.default())
    []
    """
    record = "inspect()"
    items = check_deals(deals, record)
    day = check_date(as_of, record=record, field="as_of")
    stages = stage_map(model, record)
    rules = check_type(
        InspectionPolicy() if policy is None else policy,
        InspectionPolicy,
        record=record,
        field="policy",
    )
    cal = (
        None
        if calendar is None
        else check_type(calendar, BusinessCalendar, record=record, field="calendar")
    )
    hidden: set[tuple[str, str]] = set()
    for snooze in checked_items(snoozes, Snooze, record, "snoozes"):
        if day <= snooze.until:
            hidden.add((snooze.opportunity_id, snooze.rule))
    seen: set[str] = set()
    for deal in items:
        if deal.opportunity_id in seen:
            raise ValidationError.for_field(
                record, "deals", deal.opportunity_id, "deals with unique opportunity ids"
            )
        seen.add(deal.opportunity_id)
    known = as_known(items, day)

    def days(start: dt.date, end: dt.date) -> int:
        return (end - start).days if cal is None else cal.business_days_between(start, end)

    stage_medians, touch_medians, pipeline = _statistics(known, stages, rules, days, record)
    ctx = _Context(
        day,
        rules,
        stages,
        {name: i for i, name in enumerate(stages)},
        cal,
        stage_medians,
        touch_medians,
        pipeline,
    )
    severity = dict(rules.severities)
    checks = [(rule, _CHECKS[rule]) for rule in rules.rules]
    findings: list[Finding] = []
    for deal in known:
        if not stages[deal.stage].is_open:
            continue
        for rule, check in checks:
            if (deal.opportunity_id, rule) in hidden:
                continue
            fact = check(deal, ctx)
            if fact is not None:
                findings.append(
                    _finding(
                        deal.opportunity_id,
                        rule,
                        severity[rule],
                        f"{deal.opportunity_id}: {fact}",
                        deal.owner_id,
                    )
                )
    findings.sort(key=lambda f: (_SEVERITY_RANK[f.severity], f.opportunity_id, f.rule, f.message))
    return findings
