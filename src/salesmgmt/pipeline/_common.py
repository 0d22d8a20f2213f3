"""Argument checks shared by the forecast, inspection and score modules (private).

Deals are read with :func:`~salesmgmt.pipeline._history.iter_deals`; a deal's
stage and forecast category are looked up in a ``{name: Stage}`` index of the
model, and an unknown stage raises :class:`~salesmgmt.UnknownReference` naming
the deal. The attrs validators of the forecast values live here too, so that
``_forecast`` keeps to its values and functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from salesmgmt._checks import check_date, check_str, check_type, iter_chunks
from salesmgmt.errors import UnknownReference, ValidationError, WrongType
from salesmgmt.money import Money
from salesmgmt.pipeline._deals import Opportunity
from salesmgmt.pipeline._history import deal_as_of, iter_deals
from salesmgmt.pipeline._model import CATEGORIES, Stage, check_model, stage_index

__all__ = [
    "as_known",
    "category_of",
    "check_counts",
    "check_currency",
    "check_deals",
    "check_id",
    "checked_items",
    "deal_record",
    "non_negative_money",
    "optional_date",
    "optional_ratio",
    "stage_map",
    "stage_of",
]

T = TypeVar("T")


def deal_record(deal: Opportunity) -> str:
    """``"Opportunity 'O-17'"``: how messages name a deal."""
    return f"Opportunity {deal.opportunity_id!r}"


def check_deals(deals: object, record: str) -> tuple[Opportunity, ...]:
    """``deals`` as a tuple of :class:`Opportunity`, naming the first bad item."""
    return tuple(iter_deals(deals, record=record))


def checked_items(value: object, kind: type[T], record: str, field: str) -> tuple[T, ...]:
    """``value`` read in chunks as a tuple of ``kind``; the first wrong item is named
    as soon as its chunk is read (an endless iterator of ints fails at once)."""
    items: list[T] = []
    for chunk in iter_chunks(value, record=record, field=field):
        for index, item in enumerate(chunk, len(items)):
            if type(item) is not kind and not isinstance(item, kind):
                raise WrongType.for_field(record, f"{field}[{index}]", item, f"a {kind.__name__}")
        items.extend(chunk)
    return tuple(items)


def stage_map(model: object, record: str) -> dict[str, Stage]:
    """Stage name → :class:`Stage` for ``model`` (checked to be a StageModel)."""
    return stage_index(check_model(model, record=record))


def stage_of(deal: Opportunity, stages: Mapping[str, Stage]) -> Stage:
    """The deal's stage, or :class:`UnknownReference` naming the deal."""
    stage = stages.get(deal.stage)
    if stage is None:
        raise UnknownReference.for_field(
            deal_record(deal),
            "stage",
            deal.stage,
            "a stage of the model: " + ", ".join(repr(name) for name in stages),
        )
    return stage


def category_of(deal: Opportunity, stages: Mapping[str, Stage]) -> str:
    """The deal's forecast category: its override if set, else its stage's."""
    stage = stage_of(deal, stages)
    override = deal.forecast_category
    return stage.category if override is None else override


def check_currency(currency: object, record: str) -> str | None:
    """``None`` or a known currency code (checked through :meth:`Money.zero`)."""
    if currency is None:
        return None
    code = check_type(currency, str, record=record, field="currency", expected="a currency code")
    try:
        Money.zero(code)
    except ValidationError:
        raise ValidationError.for_field(
            record, "currency", currency, "a known ISO 4217 currency code like 'USD'"
        ) from None
    return code


def as_known(deals: tuple[Opportunity, ...], as_of: dt.date | None) -> tuple[Opportunity, ...]:
    """The deals as they stood at the end of ``as_of`` (all of them when ``None``)."""
    if as_of is None:
        return deals
    known = (deal_as_of(deal, as_of) for deal in deals)
    return tuple(deal for deal in known if deal is not None)


def non_negative_money(instance: Any, attribute: attrs.Attribute[Money], value: Money) -> None:
    record = type(instance).__name__
    check_type(value, Money, record=record, field=attribute.name)
    if value.amount < 0:
        raise ValidationError.for_field(record, attribute.name, value, "a Money of at least 0")


def check_counts(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    record = type(instance).__name__
    items = check_type(value, tuple, record=record, field=attribute.name)
    if len(items) != len(CATEGORIES) or any(
        type(n) is not int or n < 0 or n > 10**12 for n in items
    ):
        raise ValidationError.for_field(
            record,
            attribute.name,
            value,
            "a tuple of 5 counts from 0 to 10**12 (one per category)",
        )


def optional_date(value: object) -> dt.date | None:
    return None if value is None else check_date(value, record="ForecastRollup", field="as_of")


def check_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_str(value, record=type(instance).__name__, field=attribute.name)


def optional_ratio(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    number = check_type(value, Decimal, record="ForecastVsQuota", field=attribute.name)
    if not number.is_finite() or number < 0:
        raise ValidationError.for_field(
            "ForecastVsQuota", attribute.name, value, "None or a finite Decimal of at least 0"
        )
