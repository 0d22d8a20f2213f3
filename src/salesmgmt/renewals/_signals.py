"""Usage signals: one dated data point per account and kind, and the catalogue of kinds.

A :class:`UsageSignal` is what a product records about a paying member: page
clicks, distinct click sources, contact views, ad clicks, messages left,
product inquiries (the seed's six, :data:`DEFAULT_KINDS`). A
:class:`SignalCatalogue` names the kinds a company tracks; the health policy
holds one, so a typo in a kind is refused instead of silently ignored.

The *tally* lives here too: the one pass that groups every signal by
``(account, kind)`` and sums its values into the three windows the health score
reads (recent, previous, baseline). Window sums add, so the :class:`SignalTally`
of two halves of the data merge (:func:`merge_signal_tallies`) into the tally of
the whole. So do the parts of :class:`~salesmgmt.renewals.HealthPolicy` that
need no scoring (bands and field checks) and the integer-exact helpers the
scoring uses.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from salesmgmt._checks import (
    check_date,
    check_int,
    check_iterable,
    check_str,
    check_type,
    iter_chunks,
)
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import PolicyError, UnknownReference, ValidationError, short_repr

__all__ = [
    "DEFAULT_KINDS",
    "GAINSIGHT_BANDS",
    "HealthBand",
    "SignalCatalogue",
    "SignalTally",
    "SignalWindow",
    "UsageSignal",
    "merge_signal_tallies",
]

#: The seed's six signal kinds, in the order the seed lists them.
DEFAULT_KINDS: Final = (
    "page_clicks",
    "click_sources",
    "contact_views",
    "ad_clicks",
    "messages",
    "inquiries",
)

_ADD: Final = EXACT.add
_ZERO: Final = Decimal(0)


def _record(instance: Any) -> str:
    account = getattr(instance, "account_id", None)
    return f"UsageSignal for account {short_repr(account, 40)}"


def _value(value: object, self_: Any) -> Decimal:
    number = to_decimal(value, record=_record(self_), field="value")
    if number < 0:
        raise ValidationError.for_field(_record(self_), "value", value, "a number of at least 0")
    return number


def _on(value: object, self_: Any) -> dt.date:
    return check_date(value, record=_record(self_), field="on")


def _account(instance: Any, attribute: attrs.Attribute[str], value: object) -> None:
    check_str(value, record="UsageSignal", field="account_id")


def _kind(instance: Any, attribute: attrs.Attribute[str], value: object) -> None:
    check_str(value, record=_record(instance), field="kind", max_length=60)


@attrs.frozen
class UsageSignal:
    """One usage data point: ``value`` of ``kind`` for ``account_id`` on day ``on``.

    Attributes:
        account_id: the paying account (a non-empty id).
        kind: a signal kind from the policy's :class:`SignalCatalogue`
            (checked when the signal is scored, not here).
        on: the day the value was recorded.
        value: a count or amount, an ``int``, ``Decimal`` or decimal string
            of at least 0 (a float is refused).

    >>> from datetime import date
    >>> from salesmgmt.renewals._signals import UsageSignal
    >>> UsageSignal("A-1", "contact_views", date(2025, 3, 3), 12)
    UsageSignal(account_id='A-1', kind='contact_views', on=datetime.date(2025, 3, 3), value=Decimal('12'))
    >>> UsageSignal("A-1", "messages", date(2025, 3, 3), -1)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: UsageSignal for account 'A-1': 'value' must be a number of at least 0 (got -1)
    """  # noqa: E501

    account_id: str = attrs.field(validator=_account)
    kind: str = attrs.field(validator=_kind)
    on: dt.date = attrs.field(converter=attrs.Converter(_on, takes_self=True))  # type: ignore[misc]  # attrs' Converter typing does not narrow takes_self callables
    value: Decimal = attrs.field(converter=attrs.Converter(_value, takes_self=True))  # type: ignore[misc]  # as above


def _kinds(value: object) -> tuple[str, ...]:
    items = check_iterable(value, record="SignalCatalogue", field="kinds", max_items=1000)
    kinds = tuple(
        check_str(k, record="SignalCatalogue", field=f"kinds[{i}]", max_length=60)
        for i, k in enumerate(items)
    )
    if not kinds:
        raise ValidationError.for_field(
            "SignalCatalogue", "kinds", value, "at least one signal kind"
        )
    seen: set[str] = set()
    for kind in kinds:
        if kind in seen:
            raise ValidationError.for_field(
                "SignalCatalogue", "kinds", kind, "each kind listed once"
            )
        seen.add(kind)
    return kinds


@attrs.frozen
class SignalCatalogue:
    """The signal kinds a company tracks, in display order.

    Attributes:
        kinds: non-empty, distinct kind names (at most 60 characters each);
            defaults to the seed's six, :data:`DEFAULT_KINDS`.

    >>> from salesmgmt.renewals._signals import SignalCatalogue
    >>> SignalCatalogue().kinds[:3]
    ('page_clicks', 'click_sources', 'contact_views')
    >>> SignalCatalogue(["logins", "seats_used"]).label("seats_used")
    'seats used'
    """

    kinds: tuple[str, ...] = attrs.field(default=DEFAULT_KINDS, converter=_kinds)

    def label(self, kind: str) -> str:
        """The kind as words for sentences (``'contact_views'`` → ``'contact views'``).

        >>> SignalCatalogue().label("contact_views")
        'contact views'
        """
        check_type(kind, str, record="SignalCatalogue.label()", field="kind", expected="a string")
        if kind not in self.kinds:
            raise UnknownReference.for_field(
                "SignalCatalogue.label()", "kind", kind, "a kind in the catalogue"
            )
        return kind.replace("_", " ")


# -- policy parts (HealthPolicy lives in _health) -----------------------------------------


def _score_bound(value: object) -> Decimal:
    number = to_decimal(value, record="HealthBand", field="max_score")
    if not 0 <= number <= 100:
        raise ValidationError.for_field("HealthBand", "max_score", value, "between 0 and 100")
    return number


@attrs.frozen
class HealthBand:
    """A named score range: every score above the previous band's ``max_score``
    up to and including this ``max_score``.

    >>> from salesmgmt.renewals._signals import HealthBand
    >>> HealthBand("red", 50)
    HealthBand(name='red', max_score=Decimal('50'))
    """

    name: str = attrs.field(
        validator=lambda i, a, v: check_str(v, record="HealthBand", field="name")
    )
    max_score: Decimal = attrs.field(converter=_score_bound)


#: Gainsight's default numeric scheme: 0–50 red, 51–75 yellow, 76–100 green, where a
#: range's "from" value belongs to the range below it (Gainsight Scorecards 2.0 FAQs).
GAINSIGHT_BANDS: Final = (
    HealthBand("red", Decimal(50)),
    HealthBand("yellow", Decimal(75)),
    HealthBand("green", Decimal(100)),
)


def _bands(value: object) -> tuple[HealthBand, ...]:
    items = check_iterable(value, record="HealthPolicy", field="bands", max_items=100)
    bands = tuple(
        check_type(b, HealthBand, record="HealthPolicy", field=f"bands[{i}]")
        for i, b in enumerate(items)
    )
    if not bands or bands[-1].max_score != 100:
        raise PolicyError.for_field(
            "HealthPolicy", "bands", value, "bands whose last max_score is 100"
        )
    for low, high in itertools.pairwise(bands):
        if not low.max_score < high.max_score:
            raise PolicyError.for_field(
                "HealthPolicy", "bands", value, "bands with strictly increasing max_score"
            )
    if len({b.name for b in bands}) != len(bands):
        raise PolicyError.for_field("HealthPolicy", "bands", value, "bands with distinct names")
    return bands


def _weights(value: object) -> tuple[tuple[str, Decimal], ...]:
    record = "HealthPolicy"
    if isinstance(value, Mapping):
        pairs = check_iterable(
            tuple(value.items()), record=record, field="weights", max_items=1000
        )
    else:
        pairs = check_iterable(value, record=record, field="weights", max_items=1000)
    out: dict[str, Decimal] = {}
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValidationError.for_field(record, "weights", pair, "(kind, weight) pairs")
        kind = check_str(pair[0], record=record, field="weights", max_length=60)
        weight = to_decimal(pair[1], record=record, field=f"weights[{kind!r}]")
        if weight < 0:
            raise PolicyError.for_field(record, f"weights[{kind!r}]", pair[1], "at least 0")
        if kind in out:
            raise PolicyError.for_field(record, "weights", kind, "each kind listed once")
        out[kind] = weight
    return tuple(out.items())


def _catalogue(value: object) -> SignalCatalogue:
    # a converter, not a validator: the weights' default reads it before validators run
    return check_type(value, SignalCatalogue, record="HealthPolicy", field="catalogue")


def _default_weights(policy: Any) -> tuple[tuple[str, Decimal], ...]:
    return tuple((kind, _ONE) for kind in policy.catalogue.kinds)


def _component(value: object) -> Decimal:
    number = to_decimal(value, record="HealthPolicy", field="component weight")
    if number < 0:
        raise PolicyError.for_field("HealthPolicy", "component weight", value, "at least 0")
    return number


def _full_ratio(value: object) -> Decimal:
    number = to_decimal(value, record="HealthPolicy", field="full_ratio")
    if not Decimal("0.01") <= number <= 100:
        raise PolicyError.for_field("HealthPolicy", "full_ratio", value, "between 0.01 and 100")
    return number


def _unknown_risk(value: object) -> Decimal:
    number = to_decimal(value, record="HealthPolicy", field="unknown_risk")
    if not 0 <= number <= 1:
        raise PolicyError.for_field("HealthPolicy", "unknown_risk", value, "between 0 and 1")
    return number


def _int_field(low: int, high: int) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[int], value: object) -> None:
        check_int(
            value, record="HealthPolicy", field=attribute.name, min_value=low, max_value=high
        )

    return check


# -- the tally ----------------------------------------------------------------------------


def _window_record(instance: Any) -> str:
    return f"SignalWindow for account {short_repr(getattr(instance, 'account_id', None), 40)}"


def _window_sum(value: object, self_: Any) -> Decimal:
    number = to_decimal(value, record=_window_record(self_), field="sum", max_abs_exponent=30)
    if number < 0:
        raise ValidationError.for_field(_window_record(self_), "sum", value, "at least 0")
    return number


@attrs.frozen
class SignalWindow:
    """The mergeable part of one account's signal: its sums in the three windows.

    Attributes:
        account_id: the account.
        kind: the signal kind.
        recent: the sum over the last ``trend_weeks`` weeks.
        previous: the sum over the ``trend_weeks`` weeks before those.
        baseline: the sum over the ``baseline_weeks`` weeks before the recent ones.

    >>> from decimal import Decimal
    >>> from salesmgmt.renewals._signals import SignalWindow
    >>> SignalWindow("A-1", "messages", 5, 10, 30).previous
    Decimal('10')
    """

    account_id: str = attrs.field(validator=_account)
    kind: str = attrs.field(validator=_kind)
    recent: Decimal = attrs.field(converter=attrs.Converter(_window_sum, takes_self=True))  # type: ignore[misc]  # attrs' Converter typing does not narrow takes_self callables
    previous: Decimal = attrs.field(converter=attrs.Converter(_window_sum, takes_self=True))  # type: ignore[misc]  # as above
    baseline: Decimal = attrs.field(converter=attrs.Converter(_window_sum, takes_self=True))  # type: ignore[misc]  # as above


def _windows(value: object) -> tuple[SignalWindow, ...]:
    items = check_iterable(value, record="SignalTally", field="windows")
    windows = tuple(
        check_type(w, SignalWindow, record="SignalTally", field="windows[]") for w in items
    )
    ordered = tuple(sorted(windows, key=lambda w: (w.account_id, w.kind)))
    for first, second in itertools.pairwise(ordered):
        if (first.account_id, first.kind) == (second.account_id, second.kind):
            raise ValidationError.for_field(
                "SignalTally",
                "windows",
                (first.account_id, first.kind),
                "one window per (account, kind)",
            )
    return ordered


def _tally_day(value: object) -> dt.date:
    return check_date(value, record="SignalTally", field="as_of")


def _weeks(most: int) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[int], value: object) -> None:
        check_int(value, record="SignalTally", field=attribute.name, min_value=1, max_value=most)

    return check


@attrs.frozen
class SignalTally:
    """Every account's window sums on ``as_of``: the mergeable part of health.

    Tally each partition of the signals with ``tally_signals``, merge the
    tallies with :func:`merge_signal_tallies`, score the result with
    ``score_tally``: the scores equal ``score_accounts`` on all the signals.

    Attributes:
        as_of: the day the windows count back from.
        trend_weeks: the recent (and previous) window in weeks.
        baseline_weeks: the baseline window in weeks.
        windows: :class:`SignalWindow` values, one per (account, kind) with a
            point in the look-back; kept sorted by account and kind.

    >>> import datetime as dt
    >>> from salesmgmt.renewals._signals import SignalTally
    >>> SignalTally(dt.date(2025, 3, 31), 4, 12, ()).windows
    ()
    """

    as_of: dt.date = attrs.field(converter=_tally_day)
    trend_weeks: int = attrs.field(validator=_weeks(52))
    baseline_weeks: int = attrs.field(validator=_weeks(156))
    windows: tuple[SignalWindow, ...] = attrs.field(converter=_windows)


def merge_signal_tallies(first: SignalTally, second: SignalTally) -> SignalTally:
    """The tally of two partitions of the signals together: window sums add.

    Raises:
        ValidationError: the tallies count back from different days or use
            different windows.

    >>> import datetime as dt
    >>> from salesmgmt.renewals._signals import SignalTally, SignalWindow, merge_signal_tallies
    >>> day = dt.date(2025, 3, 31)
    >>> a = SignalTally(day, 4, 12, [SignalWindow("A", "messages", 1, 2, 3)])
    >>> b = SignalTally(day, 4, 12, [SignalWindow("A", "messages", 10, 0, 0),
    ...                              SignalWindow("B", "messages", 4, 4, 4)])
    >>> [(w.account_id, w.recent) for w in merge_signal_tallies(a, b).windows]
    [('A', Decimal('11')), ('B', Decimal('4'))]
    """
    record = "merge_signal_tallies()"
    check_type(first, SignalTally, record=record, field="first")
    check_type(second, SignalTally, record=record, field="second")
    for field in ("as_of", "trend_weeks", "baseline_weeks"):
        if getattr(first, field) != getattr(second, field):
            raise ValidationError.for_field(
                record,
                f"second.{field}",
                getattr(second, field),
                f"equal to first.{field}={getattr(first, field)!r}",
            )
    tally = to_tally(first)
    for w in second.windows:
        sums = tally.get((w.account_id, w.kind))
        if sums is None:
            tally[(w.account_id, w.kind)] = [w.recent, w.previous, w.baseline]
        else:
            sums[:] = [
                _ADD(sums[0], w.recent),
                _ADD(sums[1], w.previous),
                _ADD(sums[2], w.baseline),
            ]
    return from_tally(tally, first.as_of, first.trend_weeks, first.baseline_weeks)


def to_tally(value: SignalTally) -> Tally:
    """The private dict form of a :class:`SignalTally`."""
    return {(w.account_id, w.kind): [w.recent, w.previous, w.baseline] for w in value.windows}


def from_tally(tally: Tally, as_of: dt.date, trend_weeks: int, baseline_weeks: int) -> SignalTally:
    """A :class:`SignalTally` from the private dict form (already valid: no re-checks)."""
    windows = []
    for (account, kind), (recent, previous, baseline) in sorted(tally.items()):
        window = object.__new__(SignalWindow)
        for name, value in zip(
            ("account_id", "kind", "recent", "previous", "baseline"),
            (account, kind, recent, previous, baseline),
            strict=True,
        ):
            object.__setattr__(window, name, value)
        windows.append(window)
    result = object.__new__(SignalTally)
    for name, value in (
        ("as_of", as_of),
        ("trend_weeks", trend_weeks),
        ("baseline_weeks", baseline_weeks),
        ("windows", tuple(windows)),
    ):
        object.__setattr__(result, name, value)
    return result


# -- the private tally ---------------------------------------------------------------------

#: Window sums per (account, kind): [recent, previous, baseline].
Tally = dict[tuple[str, str], list[Decimal]]


def group_signals(
    signals: Iterable[UsageSignal] | object,
    as_of: dt.date,
    trend_days: int,
    baseline_days: int,
    kinds: frozenset[str],
    *,
    record: str,
) -> Tally:
    """Group ``signals`` by ``(account, kind)`` once and sum each window.

    Windows count back from ``as_of`` (inclusive): recent = the last
    ``trend_days`` days, previous = the ``trend_days`` before those, baseline =
    the ``baseline_days`` before the recent window. A point outside all three
    (in the future or older than the look-back) is ignored, but its key is only
    created by points inside the look-back, which is what "present" means.
    """
    end = as_of.toordinal()
    lookback = trend_days + max(trend_days, baseline_days)
    tally: Tally = {}
    ordinal_of: dict[dt.date, int] = {}
    for chunk in iter_chunks(signals, record=record, field="signals"):
        for signal in chunk:
            if type(signal) is not UsageSignal:
                check_type(signal, UsageSignal, record=record, field="signals[]")
            kind = signal.kind
            if kind not in kinds:
                raise UnknownReference.for_field(
                    _record(signal), "kind", kind, "a kind in the policy's catalogue"
                )
            on = signal.on
            ordinal = ordinal_of.get(on)
            if ordinal is None:
                ordinal = ordinal_of[on] = on.toordinal()
            age = end - ordinal
            if age < 0 or age >= lookback:
                continue
            key = (signal.account_id, kind)
            sums = tally.get(key)
            if sums is None:
                sums = tally[key] = [_ZERO, _ZERO, _ZERO]
            value = signal.value
            if age < trend_days:
                sums[0] = _ADD(sums[0], value)
            else:
                if age < 2 * trend_days:
                    sums[1] = _ADD(sums[1], value)
                if age < trend_days + baseline_days:
                    sums[2] = _ADD(sums[2], value)
    return tally


# -- scoring helpers (private) -------------------------------------------------------------

_PERCENT: Final = Decimal(100)
_ONE: Final = Decimal(1)


def mean(pairs: Iterable[tuple[Fraction | None, Fraction]]) -> Fraction | None:
    """Σ w·s / Σ w over the pairs whose score is not None; None when Σ w is 0."""
    top = Fraction(0)
    bottom = Fraction(0)
    for score, weight in pairs:
        if score is not None and weight:
            top += score * weight
            bottom += weight
    return top / bottom if bottom else None


def _fmt(number: Decimal) -> str:
    return f"{number.normalize(context=RATIO):f}" if number else "0"


def sentence_for(label: str, sums: list[Decimal], change: Decimal | None, weeks: int) -> str:
    recent, previous = sums[0], sums[1]
    facts = f"({_fmt(recent)} vs {_fmt(previous)})"
    if change is None:
        if recent:
            return f"{label} {_fmt(recent)} in {weeks} weeks, none in the {weeks} before"
        return f"{label} none in {weeks} weeks, none in the {weeks} before"
    percent = RATIO.multiply(change, _PERCENT).quantize(
        _ONE, rounding=ROUND_HALF_UP, context=RATIO
    )
    if percent < 0:
        return f"{label} down {_fmt(-percent)} % in {weeks} weeks {facts}"
    if percent > 0:
        return f"{label} up {_fmt(percent)} % in {weeks} weeks {facts}"
    return f"{label} flat over {weeks} weeks {facts}"


def peer_groups(
    tally: Tally, segment_of: Mapping[str, str] | None
) -> dict[tuple[str, str], list[Decimal]]:
    """Recent sums per (segment, kind), sorted: one O(n log n) pass for every account."""
    groups: dict[tuple[str, str], list[Decimal]] = {}
    for (account, kind), sums in tally.items():
        segment = "" if segment_of is None else segment_of[account]
        groups.setdefault((segment, kind), []).append(sums[0])
    for values in groups.values():
        values.sort()
    return groups


def segment_map(segments: object, tally: Tally, record: str) -> dict[str, str] | None:
    if segments is None:
        return None
    mapping: Mapping[Any, Any] = check_type(
        segments, Mapping, record=record, field="segments", expected="a mapping"
    )
    out: dict[str, str] = {}
    for account in sorted({account for account, _ in tally}):
        try:
            segment = mapping.get(account)
        except Exception as exc:  # a hostile mapping
            raise ValidationError.for_field(
                record, "segments", segments, "a readable mapping"
            ) from exc
        if segment is None:
            raise UnknownReference.for_field(
                f"Account {account!r}",
                "segment",
                None,
                "a segment in segments",
                hint="Give every account with signals a segment, or pass segments=None.",
            )
        out[account] = check_str(segment, record=f"Account {account!r}", field="segment")
    return out
