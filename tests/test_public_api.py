"""The public API: exactly the documented names, each documented with an example.

``salesmgmt.__all__`` is the contract other code relies on (STYLE rule 11), so
it is written out here by hand: adding or removing a public name is a
deliberate change to this list, to ``__init__.py`` and to ``docs/api.md``.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

import salesmgmt

EXPECTED_ALL = [
    # values
    "BusinessCalendar",
    "FiscalCalendar",
    "FxRates",
    "Money",
    "Period",
    # values: org
    "OrgChart",
    "Rep",
    "Team",
    # values and policies: targets
    "Attainment",
    "Pace",
    "PacingPolicy",
    "RampSchedule",
    "SeasonalityProfile",
    "TargetSchedule",
    # values and policies: pipeline
    "Evidence",
    "Finding",
    "ForecastRollup",
    "InspectionPolicy",
    "Opportunity",
    "Stage",
    "StageModel",
    # values and policies: renewals
    "Churned",
    "Downgraded",
    "HealthPolicy",
    "HealthScore",
    "MetricConventions",
    "MrrMovements",
    "RenewalRate",
    "Renewed",
    "SignalCatalogue",
    "Subscription",
    "Upgraded",
    "UsageSignal",
    # values and policies: activities and reviews
    "Activity",
    "AttendanceDay",
    "ConsequencePolicy",
    "DisciplinePolicy",
    "KPI",
    "RatingScale",
    "Review",
    "Scorecard",
    # values and policies: compensation
    "CommissionPlan",
    "PayoutStatement",
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
    # functions: targets
    "assign_quotas",
    "attainment",
    "pace",
    "rebalance",
    "split_target",
    # functions: pipeline
    "forecast_rollup",
    "open_pipeline",
    "pipeline_waterfall",
    "sales_velocity",
    "weighted_pipeline",
    "win_rate",
    # functions: renewals
    "gross_revenue_retention",
    "health",
    "mrr_at",
    "mrr_movements",
    "net_revenue_retention",
    "quick_ratio",
    "renewal_rate",
    "renewals_at_risk",
    "weighted_score",
    # functions: activities and reviews
    "decompose_gap",
    "diagnose",
    "discipline",
    "rank",
    "review",
    # functions: compensation
    "payout",
    "tiered_commission",
    "what_if",
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

#: Modules ``import salesmgmt`` must leave unimported: dataframe libraries are
#: optional and detected, never imported (STYLE rule 12); hypothesis belongs to
#: the test extra and is imported only by ``salesmgmt.strategies``.
HEAVY_MODULES = ("pandas", "polars", "numpy", "pyarrow", "hypothesis")


def _is_ours(obj: object) -> bool:
    return (getattr(obj, "__module__", None) or "").split(".")[0] == "salesmgmt"


def _public_members() -> Iterator[tuple[str, object]]:
    """(qualified name, callable or property) for every public method of a public class.

    A member counts when its name does not start with ``_`` and it is defined
    in a class of salesmgmt itself (so methods inherited from ``object``,
    ``Exception`` or attrs' generated dunders are skipped). Slotted attrs fields
    (member descriptors) and plain class constants are data, not methods.
    """
    seen: set[tuple[str, str]] = set()
    for name in salesmgmt.__all__:
        cls = getattr(salesmgmt, name)
        if not inspect.isclass(cls):
            continue
        for klass in cls.__mro__:
            if not _is_ours(klass):
                continue
            for attr, raw in vars(klass).items():
                if attr.startswith("_") or (klass.__qualname__, attr) in seen:
                    continue
                if isinstance(raw, classmethod | staticmethod):
                    member: object = raw.__func__
                elif isinstance(raw, property) or inspect.isfunction(raw):
                    member = raw
                else:
                    continue
                seen.add((klass.__qualname__, attr))
                yield f"{klass.__qualname__}.{attr}", member


def _has_example(obj: object) -> bool:
    doc = inspect.getdoc(obj) or ""
    return ">>>" in doc


class TestAll:
    def test_all_is_the_documented_list(self) -> None:
        assert salesmgmt.__all__ == EXPECTED_ALL

    def test_every_name_is_importable(self) -> None:
        missing = [name for name in salesmgmt.__all__ if not hasattr(salesmgmt, name)]
        assert missing == []

    def test_no_name_shadows_a_builtin(self) -> None:
        import builtins

        assert [name for name in salesmgmt.__all__ if hasattr(builtins, name)] == []

    def test_version_matches_the_installed_distribution(self) -> None:
        from importlib.metadata import version

        assert salesmgmt.__version__ == version("salesmgmt")


class TestDocstrings:
    @pytest.mark.parametrize("name", EXPECTED_ALL)
    def test_public_name_has_an_example(self, name: str) -> None:
        obj = getattr(salesmgmt, name)
        assert _is_ours(obj), f"{name} is not defined in salesmgmt ({obj!r})"
        assert _has_example(obj), f"salesmgmt.{name} has no docstring with a '>>>' example"

    def test_public_members_have_examples(self) -> None:
        members = list(_public_members())
        missing = sorted(qual for qual, member in members if not _has_example(member))
        assert not missing, f"public methods/properties without a '>>>' example: {missing}"

    def test_the_member_walk_finds_the_error_factories(self) -> None:
        # Guards the walk itself: it must see classmethods of public classes.
        names = {qual for qual, _ in _public_members()}
        assert {"SalesMgmtError.for_field", "CurrencyMismatch.between"} <= names

    def test_package_docstring_has_an_example(self) -> None:
        assert _has_example(salesmgmt)


class TestStrategiesModule:
    def test_has_all(self) -> None:
        import salesmgmt.strategies as strategies

        assert isinstance(strategies.__all__, list | tuple)
        assert len(strategies.__all__) > 0
        missing = [name for name in strategies.__all__ if not hasattr(strategies, name)]
        assert missing == []

    def test_every_strategy_has_an_example(self) -> None:
        import salesmgmt.strategies as strategies

        missing = [
            name for name in strategies.__all__ if not _has_example(getattr(strategies, name))
        ]
        assert not missing, f"strategies without a '>>>' example: {missing}"


class TestImportCost:
    def test_import_leaves_heavy_modules_out(self) -> None:
        code = textwrap.dedent(
            f"""
            import sys
            import salesmgmt
            print(",".join(m for m in {HEAVY_MODULES!r} if m in sys.modules))
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "", f"import salesmgmt imported: {result.stdout.strip()}"
