"""Periods, fiscal calendars and business calendars."""

from salesmgmt.periods._business import BusinessCalendar
from salesmgmt.periods._fiscal import FiscalCalendar
from salesmgmt.periods._period import Period

__all__ = ["BusinessCalendar", "FiscalCalendar", "Period"]
