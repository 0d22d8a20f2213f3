"""The renewals data model: subscriptions, renewal outcomes and metric conventions.

A :class:`Subscription` is one recurring contract line: an account pays ``mrr``
(monthly recurring revenue, already normalised to one month whatever the
billing interval) from ``starts_on`` through ``ends_on`` (the last day of
service, inclusive; ``None`` while open ended). A renewal decision is one of
four tiny frozen outcomes (:class:`Renewed`, :class:`Churned`,
:class:`Downgraded`, :class:`Upgraded`) consumed with ``match``.
:class:`MetricConventions` names every rule on which the published anchors
(ChartMogul, Baremetrics, ProfitWell) disagree.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import (
    check_bool,
    check_choice,
    check_date,
    check_str,
    check_type,
    iter_chunks,
)
from salesmgmt.errors import CurrencyMismatch, ValidationError
from salesmgmt.money import Money, minor_units

__all__ = [
    "BILLING_INTERVALS",
    "Churned",
    "Downgraded",
    "MetricConventions",
    "RenewalOutcome",
    "Renewed",
    "Subscription",
    "Upgraded",
]

#: Billing intervals a subscription may have (MRR is normalised to a month for each).
BILLING_INTERVALS: Final = ("month", "quarter", "year")
BillingInterval: TypeAlias = Literal["month", "quarter", "year"]


def _label(instance: Any, kind: str) -> str:
    """``"Subscription 'S-1'"`` for messages (the id may itself be the bad field)."""
    ident = getattr(instance, "subscription_id", None)
    return f"{kind} {ident!r}" if isinstance(ident, str) else kind


def _id(kind: str, field: str) -> Any:
    def check(instance: Any, attribute: Any, value: object) -> None:
        check_str(value, record=kind, field=field)

    return check


def _optional_id(kind: str, field: str) -> Any:
    def check(instance: Any, attribute: Any, value: object) -> None:
        if value is not None:
            check_str(value, record=_label(instance, kind), field=field)

    return check


def _day(kind: str, field: str, *, optional: bool = False) -> Any:
    def check(instance: Any, attribute: Any, value: object) -> None:
        if value is None and optional:
            return
        check_date(value, record=_label(instance, kind), field=field)

    return check


def _mrr(kind: str, field: str) -> Any:
    def check(instance: Any, attribute: Any, value: object) -> None:
        record = _label(instance, kind)
        money = check_type(value, Money, record=record, field=field, expected="a Money")
        if money.amount < 0:
            raise ValidationError.for_field(
                record, field, value, "a Money of at least zero (MRR is never negative)"
            )

    return check


def _to_plain_date(value: Any) -> Any:
    """A date subclass becomes its plain date (lossless); anything else is left for the
    validator to refuse."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    return value


@attrs.frozen
class Subscription:
    """One recurring contract line of an account.

    Attributes:
        subscription_id: the subscription's id (non-empty string).
        account_id: the paying account (customer) it belongs to.
        mrr: monthly recurring revenue, a :class:`~salesmgmt.Money` of at least
            zero. Annual and quarterly contracts are normalised to one month by
            the caller (a 1,200 USD yearly plan has ``mrr`` 100 USD);
            ``billing_interval`` only records how it is invoiced.
        starts_on: the first day of service.
        ends_on: the LAST day of service (inclusive), or ``None`` while the
            subscription is open ended. Never before ``starts_on``.
        owner_id: the rep who owns the renewal, if any.
        plan: the plan's name, if any.
        billing_interval: ``"month"``, ``"quarter"`` or ``"year"``.
        auto_renew: whether the contract renews itself unless cancelled.
        cancelled_on: the day the customer gave notice, if they did; never after
            ``ends_on``.

    Raises:
        WrongType: a field has the wrong type (a float MRR, a datetime).
        ValidationError: a negative MRR, ``ends_on`` before ``starts_on``,
            ``cancelled_on`` after ``ends_on``, an unknown billing interval.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Subscription
    >>> s = Subscription("S-1", "A-1", Money(100, "USD"), dt.date(2025, 1, 1),
    ...                  dt.date(2025, 12, 31))
    >>> s.ends_on
    datetime.date(2025, 12, 31)
    >>> Subscription("S-2", "A-1", Money(-5, "USD"), dt.date(2025, 1, 1))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Subscription 'S-2': 'mrr' must be a Money of at least
    zero (MRR is never negative) (got Money('-5.00', 'USD'))
    """

    subscription_id: str = attrs.field(validator=_id("Subscription", "subscription_id"))
    account_id: str = attrs.field()
    mrr: Money = attrs.field(validator=_mrr("Subscription", "mrr"))
    starts_on: dt.date = attrs.field(
        converter=_to_plain_date, validator=_day("Subscription", "starts_on")
    )
    ends_on: dt.date | None = attrs.field(
        default=None,
        converter=_to_plain_date,
        validator=_day("Subscription", "ends_on", optional=True),
    )
    owner_id: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_id("Subscription", "owner_id")
    )
    plan: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_id("Subscription", "plan")
    )
    billing_interval: BillingInterval = attrs.field(default="month", kw_only=True)
    auto_renew: bool = attrs.field(default=False, kw_only=True)
    cancelled_on: dt.date | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_to_plain_date,
        validator=_day("Subscription", "cancelled_on", optional=True),
    )

    @account_id.validator
    def _check_account(self, attribute: Any, value: object) -> None:
        check_str(value, record=_label(self, "Subscription"), field="account_id")

    @billing_interval.validator
    def _check_interval(self, attribute: Any, value: object) -> None:
        check_choice(
            value, BILLING_INTERVALS, record=_label(self, "Subscription"), field="billing_interval"
        )

    @auto_renew.validator
    def _check_auto_renew(self, attribute: Any, value: object) -> None:
        check_bool(value, record=_label(self, "Subscription"), field="auto_renew")

    def __attrs_post_init__(self) -> None:
        # cross-field rules, once every field is known to be valid
        record = _label(self, "Subscription")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValidationError.for_field(
                record,
                "ends_on",
                self.ends_on,
                f"on or after starts_on={self.starts_on!r} (ends_on is the last day of service)",
            )
        if (
            self.cancelled_on is not None
            and self.ends_on is not None
            and self.cancelled_on > self.ends_on
        ):
            raise ValidationError.for_field(
                record,
                "cancelled_on",
                self.cancelled_on,
                f"on or before ends_on={self.ends_on!r} (notice is given before service ends)",
            )


# -- renewal outcomes ------------------------------------------------------------------------


@attrs.frozen
class Renewed:
    """The subscription was renewed on ``on`` at ``new_mrr`` (possibly unchanged).

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Renewed
    >>> Renewed("S-1", dt.date(2025, 12, 20), Money(100, "USD")).new_mrr
    Money('100.00', 'USD')
    """

    subscription_id: str = attrs.field(validator=_id("Renewed", "subscription_id"))
    on: dt.date = attrs.field(converter=_to_plain_date, validator=_day("Renewed", "on"))
    new_mrr: Money = attrs.field(validator=_mrr("Renewed", "new_mrr"))


@attrs.frozen
class Churned:
    """The customer decided on ``on`` not to renew the subscription.

    >>> import datetime as dt
    >>> from salesmgmt.renewals import Churned
    >>> Churned("S-1", dt.date(2025, 12, 1))
    Churned(subscription_id='S-1', on=datetime.date(2025, 12, 1))
    """

    subscription_id: str = attrs.field(validator=_id("Churned", "subscription_id"))
    on: dt.date = attrs.field(converter=_to_plain_date, validator=_day("Churned", "on"))


@attrs.frozen
class Downgraded:
    """The subscription was renewed on ``on`` at a lower ``new_mrr``.

    Counts as renewed for the renewal rate (the logo stayed); the lost MRR shows
    as contraction in :func:`~salesmgmt.renewals.mrr_movements` once the new
    subscription line is recorded.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Downgraded
    >>> Downgraded("S-1", dt.date(2025, 12, 20), Money(60, "USD")).new_mrr
    Money('60.00', 'USD')
    """

    subscription_id: str = attrs.field(validator=_id("Downgraded", "subscription_id"))
    on: dt.date = attrs.field(converter=_to_plain_date, validator=_day("Downgraded", "on"))
    new_mrr: Money = attrs.field(validator=_mrr("Downgraded", "new_mrr"))


@attrs.frozen
class Upgraded:
    """The subscription was renewed on ``on`` at a higher ``new_mrr``.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Upgraded
    >>> Upgraded("S-1", dt.date(2025, 12, 20), Money(150, "USD")).on
    datetime.date(2025, 12, 20)
    """

    subscription_id: str = attrs.field(validator=_id("Upgraded", "subscription_id"))
    on: dt.date = attrs.field(converter=_to_plain_date, validator=_day("Upgraded", "on"))
    new_mrr: Money = attrs.field(validator=_mrr("Upgraded", "new_mrr"))


#: A renewal decision; consume it with ``match``.
RenewalOutcome: TypeAlias = Renewed | Churned | Downgraded | Upgraded
OUTCOME_TYPES: Final = (Renewed, Churned, Downgraded, Upgraded)


# -- conventions ---------------------------------------------------------------------------


def _flag(name: str) -> Any:
    def check(instance: Any, attribute: Any, value: object) -> None:
        check_bool(value, record="MetricConventions", field=name)

    return check


@attrs.frozen
class MetricConventions:
    """The disputed rules of the recurring-revenue metrics, one named field each.

    The vendors agree on the five MRR movements but not on what goes into the
    ratios built from them. The defaults are ChartMogul's
    (:meth:`chartmogul`); :meth:`baremetrics` and :meth:`profitwell` are the
    other presets. See ``docs/metrics/renewals.md`` for each vendor's page.

    Attributes:
        nrr_includes_reactivation: add reactivation MRR to the numerator of net
            revenue retention. ChartMogul's period NRR leaves it out (a
            reactivated customer was not in the starting MRR): ``False``.
        nrr_includes_contraction: subtract contraction MRR in net revenue
            retention. Baremetrics' published formula,
            ``100% − (churned − expansion) ÷ starting MRR``, has no contraction
            term: ``False`` in :meth:`baremetrics`, ``True`` elsewhere.
        quick_ratio_includes_reactivation: count reactivation as growth in the
            quick ratio. Baremetrics' published quick ratio is
            ``(new + expansion) ÷ (contraction + churned)``: ``False`` there.
        count_same_month_churn: count a customer who starts paying and stops
            within the same month as a churned customer in the customer churn
            rate. ProfitWell ignores such customers entirely: ``False`` in
            :meth:`profitwell`. (MRR movements never see them: they have no MRR
            on either boundary of the month.)

    >>> from salesmgmt.renewals import MetricConventions
    >>> MetricConventions() == MetricConventions.chartmogul()
    True
    >>> MetricConventions.baremetrics().nrr_includes_contraction
    False
    """

    nrr_includes_reactivation: bool = attrs.field(
        default=False, kw_only=True, validator=_flag("nrr_includes_reactivation")
    )
    nrr_includes_contraction: bool = attrs.field(
        default=True, kw_only=True, validator=_flag("nrr_includes_contraction")
    )
    quick_ratio_includes_reactivation: bool = attrs.field(
        default=True, kw_only=True, validator=_flag("quick_ratio_includes_reactivation")
    )
    count_same_month_churn: bool = attrs.field(
        default=True, kw_only=True, validator=_flag("count_same_month_churn")
    )

    @classmethod
    def chartmogul(cls) -> MetricConventions:
        """ChartMogul's rules (the default): NRR without reactivation, quick ratio with it.

        >>> from salesmgmt.renewals import MetricConventions
        >>> MetricConventions.chartmogul().nrr_includes_reactivation
        False
        """
        return cls()

    @classmethod
    def baremetrics(cls) -> MetricConventions:
        """Baremetrics' published formulas: NRR without contraction, quick ratio
        without reactivation, same-month sign-up-and-cancel counted as churn.

        >>> from salesmgmt.renewals import MetricConventions
        >>> MetricConventions.baremetrics().quick_ratio_includes_reactivation
        False
        """
        return cls(nrr_includes_contraction=False, quick_ratio_includes_reactivation=False)

    @classmethod
    def profitwell(cls) -> MetricConventions:
        """ProfitWell's (Paddle's) rules: customers who join and churn in the same
        calendar month are ignored.

        >>> from salesmgmt.renewals import MetricConventions
        >>> MetricConventions.profitwell().count_same_month_churn
        False
        """
        return cls(count_same_month_churn=False)


# -- reading subscriptions -------------------------------------------------------------------


def read_subscriptions(
    subscriptions: Iterable[Subscription], *, record: str, currency: str | None
) -> tuple[list[Subscription], str]:
    """Validate the items and their single currency; return them and the currency code."""
    items: list[Subscription] = []
    code = None if currency is None else Money.zero(currency).currency
    first_id = ""
    seen: set[str] = set()
    for chunk in iter_chunks(subscriptions, record=record, field="subscriptions"):
        for sub in chunk:
            if type(sub) is not Subscription:
                check_type(
                    sub,
                    Subscription,
                    record=record,
                    field=f"subscriptions[{len(items)}]",
                    expected="a Subscription",
                )
            if code is None:
                code, first_id = sub.mrr.currency, sub.subscription_id
            elif sub.mrr.currency != code:
                where = f"{record} Subscription {sub.subscription_id!r}"
                if first_id:
                    where += f" vs Subscription {first_id!r}"
                raise CurrencyMismatch.between(code, sub.mrr.currency, record=where)
            if sub.subscription_id in seen:
                raise ValidationError.for_field(
                    record,
                    f"subscriptions[{len(items)}].subscription_id",
                    sub.subscription_id,
                    "unique across the subscriptions",
                    hint="A subscription listed twice would count its MRR twice.",
                )
            seen.add(sub.subscription_id)
            items.append(sub)
    if code is None:
        raise ValidationError.for_field(
            record,
            "currency",
            currency,
            "a currency code when 'subscriptions' is empty",
            hint="Pass currency='USD' to get zero MRR for an empty book.",
        )
    return items, code


def account_changes(items: Sequence[Subscription]) -> dict[str, list[tuple[int, int]]]:
    """Per account, its MRR step function as sorted ``(day ordinal, MRR in minor units
    from that day on)`` pairs, one pair per day on which the value changes."""
    if not items:
        return {}
    k = minor_units(items[0].mrr.currency)
    events: list[tuple[str, int, int]] = []
    for sub in items:
        units = int(sub.mrr.amount.scaleb(k))
        if units == 0:
            continue
        events.append((sub.account_id, sub.starts_on.toordinal(), units))
        if sub.ends_on is not None:
            events.append((sub.account_id, sub.ends_on.toordinal() + 1, -units))
    events.sort()
    result: dict[str, list[tuple[int, int]]] = {}
    for account, group in itertools.groupby(events, key=lambda e: e[0]):
        steps: list[tuple[int, int]] = []
        value = 0
        for day, same_day in itertools.groupby(group, key=lambda e: e[1]):
            value += sum(e[2] for e in same_day)
            if not steps or steps[-1][1] != value:
                steps.append((day, value))
        result[account] = steps
    return result
