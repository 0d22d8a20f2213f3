"""Rep and Team: the values of the org chart and their field checks."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_date, check_str, check_type
from salesmgmt.errors import PolicyError, ValidationError
from salesmgmt.periods import Period

__all__ = ["MANAGING_ROLES", "MAX_ID_LENGTH", "ROLES", "Rep", "Role", "Team"]

Role: TypeAlias = Literal["rep", "manager", "director"]

#: The roles a :class:`Rep` may have, from individual contributor up.
ROLES: Final[tuple[Role, ...]] = ("rep", "manager", "director")
#: Roles that manage the rep's own team (at most one such rep per team).
MANAGING_ROLES: Final[frozenset[str]] = frozenset({"manager", "director"})
#: Longest id (``rep_id``, ``team_id``) accepted.
MAX_ID_LENGTH: Final = 64
#: Longest name accepted.
MAX_NAME_LENGTH: Final = 200


# -- field checks ------------------------------------------------------------------------


def _check_id(value: object, record: str, field: str) -> str:
    text = check_str(value, record=record, field=field, max_length=MAX_ID_LENGTH)
    if text.strip() != text or not text.isprintable():
        raise ValidationError.for_field(
            record,
            field,
            value,
            f"an id of 1 to {MAX_ID_LENGTH} printable characters without surrounding spaces",
            hint=f"Use {text.strip()!r}." if text.strip() else None,
        )
    return text


def _optional_id(value: object, record: str, field: str) -> str | None:
    return None if value is None else _check_id(value, record, field)


def _optional_date(value: object, record: str, field: str) -> dt.date | None:
    return None if value is None else check_date(value, record=record, field=field)


def rep_record(rep_id: object) -> str:
    return f"Rep {rep_id!r}" if isinstance(rep_id, str) and len(rep_id) <= MAX_ID_LENGTH else "Rep"


def team_record(team_id: object) -> str:
    return (
        f"Team {team_id!r}"
        if isinstance(team_id, str) and len(team_id) <= MAX_ID_LENGTH
        else "Team"
    )


def _rep_id(value: object) -> str:
    return _check_id(value, "Rep", "rep_id")


def _team_id(value: object) -> str:
    return _check_id(value, "Team", "team_id")


def _rep_fields(rep: Rep, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate the fields after ``rep_id`` with the rep named in the message."""
    record = rep_record(rep.rep_id)
    name = attribute.name
    if name == "name":
        check_str(value, record=record, field=name, max_length=MAX_NAME_LENGTH)
    elif name == "team_id":
        _check_id(value, record, name)
    elif name == "role":
        check_choice(value, ROLES, record=record, field=name)
    elif name == "hired_on":
        _optional_date(value, record, name)
    elif value is not None:  # left_on
        check_date(value, record=record, field=name)
        if rep.hired_on is not None and value < rep.hired_on:
            raise ValidationError.for_field(
                record,
                name,
                value,
                f"on or after hired_on={rep.hired_on!r} (left_on is the last working day)",
            )


def _team_fields(team: Team, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate the fields after ``team_id`` with the team named in the message."""
    record = team_record(team.team_id)
    name = attribute.name
    if name == "name":
        check_str(value, record=record, field=name, max_length=MAX_NAME_LENGTH)
        return
    _optional_id(value, record, name)
    if name == "parent_id" and value == team.team_id:
        raise PolicyError.for_field(
            record,
            name,
            value,
            "another team's id or None",
            hint="A team cannot be its own parent; use None for a root team.",
        )


def _plain_date(value: object) -> object:
    """A ``date`` subclass as its plain value (the check itself runs in the validator)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    return value


# -- values ------------------------------------------------------------------------------


@attrs.frozen
class Rep:
    """A person who carries a number.

    Attributes:
        rep_id: the rep's id: 1 to 64 printable characters, no surrounding spaces.
        name: the display name (1 to 200 characters).
        team_id: the id of the one team the rep belongs to.
        role: ``"rep"`` (the default), ``"manager"`` or ``"director"``; the last
            two are *managing roles*: such a rep manages their own team.
        hired_on: the first working day, or ``None`` when unknown (active since
            always).
        left_on: the last working day, **inclusive**, or ``None`` while employed.

    Raises:
        WrongType: a field has the wrong type (a ``datetime`` for a date, too).
        ValidationError: an empty or over-long id or name, an unknown role, or
            ``left_on`` before ``hired_on``.

    >>> import datetime as dt
    >>> from salesmgmt.org import Rep
    >>> Rep("R-1", "Li Na", "T-EAST", hired_on=dt.date(2025, 3, 10))
    Rep(rep_id='R-1', name='Li Na', team_id='T-EAST', role='rep', hired_on=datetime.date(2025, 3, 10), left_on=None)
    >>> Rep("R-1", "Li Na", "T-EAST", role="boss")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Rep 'R-1': 'role' must be one of 'rep', 'manager', 'director' (got 'boss')
    """  # noqa: E501 -- doctest output lines cannot wrap

    rep_id: str = attrs.field(validator=lambda _, __, value: _rep_id(value))
    name: str = attrs.field(validator=_rep_fields)
    team_id: str = attrs.field(validator=_rep_fields)
    role: Role = attrs.field(default="rep", validator=_rep_fields)
    hired_on: dt.date | None = attrs.field(
        default=None, converter=_plain_date, validator=_rep_fields
    )
    left_on: dt.date | None = attrs.field(
        default=None, converter=_plain_date, validator=_rep_fields
    )

    def is_active(self, as_of: dt.date) -> bool:
        """Whether the rep works on ``as_of``: ``hired_on <= as_of <= left_on``,
        where a missing date does not limit.

        >>> import datetime as dt
        >>> from salesmgmt.org import Rep
        >>> rep = Rep("R-5", "Zhao Lei", "T-1", left_on=dt.date(2025, 6, 30))
        >>> rep.is_active(dt.date(2025, 6, 30)), rep.is_active(dt.date(2025, 7, 1))
        (True, False)
        """
        day = check_date(as_of, record=rep_record(self.rep_id), field="as_of")
        return (self.hired_on is None or self.hired_on <= day) and (
            self.left_on is None or day <= self.left_on
        )

    def active_in(self, period: Period) -> Period | None:
        """The part of ``period`` the rep works in, or ``None`` when they work none of it.

        This is the span a prorated target uses for a rep who joins or leaves
        inside a period.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> from salesmgmt.org import Rep
        >>> rep = Rep("R-5", "Zhao Lei", "T-1", left_on=dt.date(2025, 6, 30))
        >>> str(rep.active_in(Period.year(2025)))
        '2025-01-01/2025-06-30'
        >>> rep.active_in(Period.year(2026)) is None
        True
        """
        span = check_type(
            period, Period, record=rep_record(self.rep_id), field="period", expected="a Period"
        )
        start = span.start if self.hired_on is None else max(span.start, self.hired_on)
        end = span.end if self.left_on is None else min(span.end, self.left_on)
        return Period(start, end) if start <= end else None


@attrs.frozen
class Team:
    """A team of reps, possibly inside a parent team.

    Attributes:
        team_id: the team's id: 1 to 64 printable characters, no surrounding spaces.
        name: the display name (1 to 200 characters).
        parent_id: the enclosing team's id, or ``None`` for a root team.
        manager_id: the rep who manages the team, or ``None`` to take the
            team's managing-role rep (see :mod:`salesmgmt.org`).

    Raises:
        WrongType: a field has the wrong type.
        ValidationError: an empty or over-long id or name.
        PolicyError: ``parent_id`` is the team's own id.

    >>> from salesmgmt.org import Team
    >>> Team("T-EAST", "East China", parent_id="T-CN", manager_id="R-2")
    Team(team_id='T-EAST', name='East China', parent_id='T-CN', manager_id='R-2')
    >>> Team("T-1", "Loop", parent_id="T-1")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: Team 'T-1': 'parent_id' must be another team's id or None (got 'T-1')
    Hint: A team cannot be its own parent; use None for a root team.
    """  # noqa: E501 -- doctest output lines cannot wrap

    team_id: str = attrs.field(validator=lambda _, __, value: _team_id(value))
    name: str = attrs.field(validator=_team_fields)
    parent_id: str | None = attrs.field(default=None, validator=_team_fields)
    manager_id: str | None = attrs.field(default=None, validator=_team_fields)
