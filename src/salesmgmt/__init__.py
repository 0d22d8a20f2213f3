"""salesmgmt: sales-management logic as immutable values and pure functions.

Exact money, periods and calendars, and (in later releases) targets, pipeline,
reviews, commissions and renewals. Nothing here reads files, the network or the
clock: anything that depends on "now" takes ``as_of``.

>>> from salesmgmt import Money, allocate
>>> allocate(Money.of("100", "USD"), [1, 1, 1])
(Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
"""

from salesmgmt.errors import (
    CurrencyMismatch,
    MissingDependency,
    PeriodError,
    PolicyError,
    SalesMgmtError,
    UnknownReference,
    ValidationError,
    WrongType,
)
from salesmgmt.money import (
    FxRates,
    Money,
    allocate,
    convert,
    minor_units,
    ratio,
    scale,
    total,
)
from salesmgmt.periods import BusinessCalendar, FiscalCalendar, Period
from salesmgmt.records import from_records, to_records

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 -- grouped by kind (STYLE rule 11), sorted within groups
    # values
    "BusinessCalendar",
    "FiscalCalendar",
    "FxRates",
    "Money",
    "Period",
    # functions: money
    "allocate",
    "convert",
    "minor_units",
    "ratio",
    "scale",
    "total",
    # functions: records
    "from_records",
    "to_records",
    # errors
    "CurrencyMismatch",
    "MissingDependency",
    "PeriodError",
    "PolicyError",
    "SalesMgmtError",
    "UnknownReference",
    "ValidationError",
    "WrongType",
]
