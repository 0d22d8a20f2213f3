"""Opportunities and what is attached to them: history events, evidence, notes, touches.

An :class:`Opportunity` holds its *current* fields and its ``history``: the
dated :class:`StageChange`, :class:`CloseDateChange` and :class:`AmountChange`
events that led there. The constructor checks that the history chains (each
event starts where the previous one of its kind ended, and the last one ends at
the current field), so any state in the past can be rebuilt exactly
(:func:`~salesmgmt.pipeline.deal_as_of`).

:class:`Evidence` is an objective, dated fact about a deal (the buyer asked for
a discount); a :class:`Note` is an opinion (the rep feels good about it) and
never counts as evidence. A :class:`Touch` is one follow-up (a call, a visit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_date, check_iterable, check_str, check_type
from salesmgmt._decimal import to_decimal
from salesmgmt.errors import CurrencyMismatch, PolicyError, UnknownReference, ValidationError
from salesmgmt.money import Money
from salesmgmt.pipeline._model import CATEGORIES, Category

__all__ = [
    "TOUCH_KINDS",
    "AmountChange",
    "CloseDateChange",
    "DealEvent",
    "Evidence",
    "EvidenceCatalogue",
    "Note",
    "Opportunity",
    "StageChange",
    "Touch",
    "TouchKind",
]

TouchKind: TypeAlias = Literal["call", "visit", "meeting", "email", "demo", "other"]

#: The kinds of follow-up a :class:`Touch` records.
TOUCH_KINDS: Final[tuple[TouchKind, ...]] = ("call", "visit", "meeting", "email", "demo", "other")

#: Longest free text (a note, an evidence detail, a next step).
_MAX_TEXT: Final = 5000
#: Most items in one of a deal's tuples (history, evidence, notes, touches, products).
_MAX_ITEMS: Final = 100_000


def _plain_date(value: object) -> object:
    """Lossless converter: a ``date`` subclass becomes a plain ``date``; anything
    else is left for the validator to refuse."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    return value


def _as_tuple(value: object) -> object:
    """Lossless converter: a list becomes a tuple; anything else is left for the validator."""
    return tuple(value) if isinstance(value, list) else value


def _check_date(record: str, field: str, value: object) -> None:
    check_date(value, record=record, field=field)


def _non_negative(record: str, field: str, value: object) -> Money:
    money = check_type(value, Money, record=record, field=field)
    if money.amount < 0:
        raise ValidationError.for_field(record, field, money, "a Money of at least zero")
    return money


# -- history events --------------------------------------------------------------------------


@attrs.frozen
class StageChange:
    """The deal moved from stage ``from_stage`` to stage ``to_stage`` on day ``on``.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import StageChange
    >>> StageChange(dt.date(2025, 2, 3), "Prospecting", "Proposal").to_stage
    'Proposal'
    """

    on: dt.date = attrs.field(converter=_plain_date)
    from_stage: str
    to_stage: str

    def __attrs_post_init__(self) -> None:
        record = "StageChange"
        _check_date(record, "on", self.on)
        check_str(self.from_stage, record=record, field="from_stage")
        check_str(self.to_stage, record=record, field="to_stage")
        if self.from_stage == self.to_stage:
            raise ValidationError.for_field(
                record, "to_stage", self.to_stage, f"different from from_stage={self.from_stage!r}"
            )


@attrs.frozen
class CloseDateChange:
    """The expected close date moved from ``from_date`` to ``to_date`` on day ``on``.

    A later ``to_date`` is a push, an earlier one a pull-in.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import CloseDateChange
    >>> change = CloseDateChange(dt.date(2025, 3, 1), dt.date(2025, 3, 31), dt.date(2025, 4, 30))
    >>> change.to_date > change.from_date
    True
    """

    on: dt.date = attrs.field(converter=_plain_date)
    from_date: dt.date = attrs.field(converter=_plain_date)
    to_date: dt.date = attrs.field(converter=_plain_date)

    def __attrs_post_init__(self) -> None:
        record = "CloseDateChange"
        _check_date(record, "on", self.on)
        _check_date(record, "from_date", self.from_date)
        _check_date(record, "to_date", self.to_date)
        if self.from_date == self.to_date:
            raise ValidationError.for_field(
                record, "to_date", self.to_date, f"different from from_date={self.from_date!r}"
            )


@attrs.frozen
class AmountChange:
    """The deal's amount changed from ``from_amount`` to ``to_amount`` on day ``on``.

    Both amounts are at least zero and in one currency.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import AmountChange
    >>> AmountChange(dt.date(2025, 3, 1), Money(100, "USD"), Money(80, "USD")).to_amount
    Money('80.00', 'USD')
    """

    on: dt.date = attrs.field(converter=_plain_date)
    from_amount: Money
    to_amount: Money

    def __attrs_post_init__(self) -> None:
        record = "AmountChange"
        _check_date(record, "on", self.on)
        before = _non_negative(record, "from_amount", self.from_amount)
        after = _non_negative(record, "to_amount", self.to_amount)
        if before.currency != after.currency:
            raise CurrencyMismatch.between(before.currency, after.currency, record=record)
        if before == after:
            raise ValidationError.for_field(
                record, "to_amount", after, f"different from from_amount={before!r}"
            )


#: One entry of a deal's history.
DealEvent: TypeAlias = StageChange | CloseDateChange | AmountChange
_EVENT_TYPES: Final = (StageChange, CloseDateChange, AmountChange)


# -- evidence, notes, touches ----------------------------------------------------------------


@attrs.frozen
class Evidence:
    """An objective, dated fact about a deal: ``kind`` names it, ``detail`` says what happened.

    ``kind`` is a short identifier such as ``"discount_requested"``; which kinds
    count, and how much, is an :class:`EvidenceCatalogue`'s business.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import Evidence
    >>> Evidence("discount_requested", dt.date(2025, 3, 4), detail="CFO asked for 10 % off")
    Evidence(kind='discount_requested', on=datetime.date(2025, 3, 4),
             detail='CFO asked for 10 % off')
    """

    kind: str
    on: dt.date = attrs.field(converter=_plain_date)
    detail: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        check_str(self.kind, record="Evidence", field="kind", max_length=100)
        _check_date("Evidence", "on", self.on)
        check_str(
            self.detail, record="Evidence", field="detail", max_length=_MAX_TEXT, empty_ok=True
        )


def _weights(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(value.items())
    return _as_tuple(value)


#: Weights of :meth:`EvidenceCatalogue.default` (they sum to 100).
DEFAULT_EVIDENCE_WEIGHTS: Final = (
    ("budget_confirmed", 15),
    ("decision_maker_engaged", 15),
    ("pricing_requested", 10),
    ("discount_requested", 10),
    ("contract_sent", 10),
    ("redlines_received", 15),
    ("contact_shared", 5),
    ("procurement_started", 15),
    ("competitor_named", 5),
)


@attrs.frozen
class EvidenceCatalogue:
    """The kinds of evidence a company recognises, each with a weight (a policy).

    ``weights`` is a mapping or a sequence of ``(kind, weight)`` pairs; it is
    stored as a tuple of pairs in the order given. Weights are ``Decimal`` (or
    ``int``/decimal string) of at least zero; kinds are unique.

    >>> from salesmgmt.pipeline import EvidenceCatalogue
    >>> catalogue = EvidenceCatalogue({"budget_confirmed": 30, "contract_sent": "12.5"})
    >>> catalogue.weight("contract_sent")
    Decimal('12.5')
    >>> catalogue.weight("gut_feeling")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.UnknownReference: EvidenceCatalogue: 'kind' must be a kind in the
    catalogue: 'budget_confirmed', 'contract_sent' (got 'gut_feeling')
    """

    weights: tuple[tuple[str, Decimal], ...] = attrs.field(converter=_weights)

    def __attrs_post_init__(self) -> None:
        record = "EvidenceCatalogue"
        items = check_iterable(self.weights, record=record, field="weights", max_items=10_000)
        pairs: list[tuple[str, Decimal]] = []
        for index, pair in enumerate(items):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise ValidationError.for_field(
                    record, f"weights[{index}]", pair, "a (kind, weight) pair"
                )
            kind = check_str(
                pair[0], record=record, field=f"weights[{index}].kind", max_length=100
            )
            weight = to_decimal(pair[1], record=record, field=f"weights[{kind!r}]")
            if weight < 0:
                raise PolicyError.for_field(record, f"weights[{kind!r}]", pair[1], "at least 0")
            pairs.append((kind, weight))
        kinds = [kind for kind, _ in pairs]
        if len(set(kinds)) != len(kinds):
            duplicate = next(kind for kind in kinds if kinds.count(kind) > 1)
            raise PolicyError.for_field(record, "weights", duplicate, "pairs with unique kinds")
        object.__setattr__(self, "weights", tuple(pairs))

    @classmethod
    def default(cls) -> EvidenceCatalogue:
        """The documented default catalogue; the weights sum to 100.

        budget_confirmed 15, decision_maker_engaged 15, pricing_requested 10,
        discount_requested 10, contract_sent 10, redlines_received 15,
        contact_shared 5, procurement_started 15, competitor_named 5.

        >>> from salesmgmt.pipeline import EvidenceCatalogue
        >>> sum(weight for _, weight in EvidenceCatalogue.default().weights)
        Decimal('100')
        """
        return cls(DEFAULT_EVIDENCE_WEIGHTS)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds, in catalogue order.

        >>> from salesmgmt.pipeline import EvidenceCatalogue
        >>> EvidenceCatalogue.default().kinds[:2]
        ('budget_confirmed', 'decision_maker_engaged')
        """
        return tuple(kind for kind, _ in self.weights)

    def weight(self, kind: str) -> Decimal:
        """The weight of evidence ``kind``.

        Raises:
            UnknownReference: ``kind`` is not in the catalogue.

        >>> from salesmgmt.pipeline import EvidenceCatalogue
        >>> EvidenceCatalogue.default().weight("redlines_received")
        Decimal('15')
        """
        for known, weight in self.weights:
            if known == kind:
                return weight
        listed = ", ".join(repr(k) for k in self.kinds)
        raise UnknownReference.for_field(
            "EvidenceCatalogue", "kind", kind, f"a kind in the catalogue: {listed}"
        )


@attrs.frozen
class Note:
    """An opinion written on day ``on`` ("strong intent"): never evidence.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import Note
    >>> Note(dt.date(2025, 3, 4), "I feel the intent is strong").text
    'I feel the intent is strong'
    """

    on: dt.date = attrs.field(converter=_plain_date)
    text: str

    def __attrs_post_init__(self) -> None:
        _check_date("Note", "on", self.on)
        check_str(self.text, record="Note", field="text", max_length=_MAX_TEXT)


@attrs.frozen
class Touch:
    """One follow-up with the buyer on day ``on``: a call, visit, meeting, email, demo or other.

    ``activity_id`` links the touch to an activity record, when there is one.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import Touch
    >>> Touch(dt.date(2025, 3, 4), "visit", activity_id="A-9")
    Touch(on=datetime.date(2025, 3, 4), kind='visit', activity_id='A-9')
    """

    on: dt.date = attrs.field(converter=_plain_date)
    kind: TouchKind
    activity_id: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_date("Touch", "on", self.on)
        check_choice(self.kind, TOUCH_KINDS, record="Touch", field="kind")
        if self.activity_id is not None:
            check_str(self.activity_id, record="Touch", field="activity_id")


# -- the opportunity -------------------------------------------------------------------------


@attrs.frozen
class Opportunity:
    """A deal: its current fields and the dated history that led to them.

    ``amount`` is a :class:`~salesmgmt.Money` of at least zero; ``stage`` is the
    *name* of a stage (checked against a :class:`StageModel` only by the
    functions that take one: a deal in an unknown stage raises
    :class:`~salesmgmt.UnknownReference` naming the deal); ``close_date`` is on
    or after ``created_on`` (for a closed deal it is the day it closed).
    ``forecast_category`` overrides the stage's category when given.

    ``history`` is a tuple of :data:`DealEvent` sorted by ``on`` (events of one
    day keep their order), none before ``created_on``. Events of one kind chain:
    each one's ``from_`` value is the previous one's ``to_`` value, and the last
    one's ``to_`` value is the current field. Lists are accepted and stored as
    tuples.

    Raises:
        WrongType: a field has the wrong type.
        ValidationError: an empty id, a negative amount, ``close_date`` before
            ``created_on``, an unsorted or broken history (the message names the
            event's index).
        CurrencyMismatch: an :class:`AmountChange` in another currency.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import Opportunity, StageChange
    >>> deal = Opportunity(
    ...     "O-17", "A-1", "R-1", Money(5000, "USD"), dt.date(2025, 1, 6), dt.date(2025, 3, 31),
    ...     "Proposal", history=[StageChange(dt.date(2025, 2, 3), "Prospecting", "Proposal")],
    ... )
    >>> deal.stage, len(deal.history)
    ('Proposal', 1)
    >>> Opportunity("O-17", "A-1", "R-1", Money(1, "USD"), dt.date(2025, 3, 4),
    ...             dt.date(2025, 1, 1), "Proposal")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Opportunity 'O-17': 'close_date' must be on or after
    created_on=datetime.date(2025, 3, 4) (got datetime.date(2025, 1, 1))
    """

    opportunity_id: str
    account_id: str
    owner_id: str
    amount: Money
    created_on: dt.date = attrs.field(converter=_plain_date)
    close_date: dt.date = attrs.field(converter=_plain_date)
    stage: str
    forecast_category: Category | None = attrs.field(default=None, kw_only=True)
    next_step: str | None = attrs.field(default=None, kw_only=True)
    products: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_as_tuple)
    history: tuple[DealEvent, ...] = attrs.field(default=(), kw_only=True, converter=_as_tuple)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), kw_only=True, converter=_as_tuple)
    notes: tuple[Note, ...] = attrs.field(default=(), kw_only=True, converter=_as_tuple)
    touches: tuple[Touch, ...] = attrs.field(default=(), kw_only=True, converter=_as_tuple)

    def __attrs_post_init__(self) -> None:
        check_str(self.opportunity_id, record="Opportunity", field="opportunity_id")
        record = f"Opportunity {self.opportunity_id!r}"
        check_str(self.account_id, record=record, field="account_id")
        check_str(self.owner_id, record=record, field="owner_id")
        _non_negative(record, "amount", self.amount)
        _check_date(record, "created_on", self.created_on)
        _check_date(record, "close_date", self.close_date)
        if self.close_date < self.created_on:
            raise ValidationError.for_field(
                record,
                "close_date",
                self.close_date,
                f"on or after created_on={self.created_on!r}",
            )
        check_str(self.stage, record=record, field="stage")
        if self.forecast_category is not None:
            check_choice(
                self.forecast_category, CATEGORIES, record=record, field="forecast_category"
            )
        if self.next_step is not None:
            check_str(self.next_step, record=record, field="next_step", max_length=_MAX_TEXT)
        for field, kind in (
            ("products", str),
            ("history", _EVENT_TYPES),
            ("evidence", Evidence),
            ("notes", Note),
            ("touches", Touch),
        ):
            _check_items(record, field, getattr(self, field), kind)
        for index, product in enumerate(self.products):
            check_str(product, record=record, field=f"products[{index}]")
        if self.history:
            _check_history(self, record)


def _check_items(record: str, field: str, items: object, kind: Any) -> None:
    if not isinstance(items, tuple):
        raise ValidationError.for_field(record, field, items, "a tuple or list")
    if len(items) > _MAX_ITEMS:
        raise ValidationError.for_field(
            record, field, f"<{len(items)} items>", f"at most {_MAX_ITEMS} items"
        )
    for index, item in enumerate(items):
        check_type(item, kind, record=record, field=f"{field}[{index}]")


_FIELDS: Final = {
    StageChange: ("from_stage", "to_stage", "stage"),
    CloseDateChange: ("from_date", "to_date", "close_date"),
    AmountChange: ("from_amount", "to_amount", "amount"),
}


def _check_history(deal: Opportunity, record: str) -> None:
    """The history is sorted, starts on or after created_on and chains to the current fields."""
    last: dict[type, tuple[int, object]] = {}
    previous_on = deal.created_on
    for index, event in enumerate(deal.history):
        if event.on < deal.created_on:
            raise ValidationError.for_field(
                record,
                f"history[{index}].on",
                event.on,
                f"on or after created_on={deal.created_on!r}",
            )
        if event.on < previous_on:
            raise ValidationError.for_field(
                record,
                f"history[{index}].on",
                event.on,
                f"on or after the previous event's day {previous_on!r} (history is sorted by day)",
            )
        previous_on = event.on
        start, end, _ = _FIELDS[type(event)]
        before, after = getattr(event, start), getattr(event, end)
        if type(event) in last and before != last[type(event)][1]:
            raise ValidationError.for_field(
                record,
                f"history[{index}].{start}",
                before,
                f"equal to the previous {type(event).__name__}'s {end}={last[type(event)][1]!r}",
            )
        if isinstance(event, AmountChange) and event.to_amount.currency != deal.amount.currency:
            raise CurrencyMismatch.between(
                deal.amount.currency, event.to_amount.currency, record=f"{record} history[{index}]"
            )
        if isinstance(event, CloseDateChange):
            for field, day in (("from_date", event.from_date), ("to_date", event.to_date)):
                if day < deal.created_on:
                    raise ValidationError.for_field(
                        record,
                        f"history[{index}].{field}",
                        day,
                        f"on or after created_on={deal.created_on!r}",
                    )
        last[type(event)] = (index, after)
    for kind, (index, after) in last.items():
        current = _FIELDS[kind][2]
        if after != getattr(deal, current):
            raise ValidationError.for_field(
                record,
                f"history[{index}].{_FIELDS[kind][1]}",
                after,
                f"equal to the current {current}={getattr(deal, current)!r}"
                " (the last change ends at the current value)",
            )
