"""Test-suite configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=dev`` (the default) keeps the edit-test loop fast;
``HYPOTHESIS_PROFILE=ci`` (what ``.ci/run`` uses) runs more examples,
derandomized so a CI failure reproduces on any machine.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,
)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
