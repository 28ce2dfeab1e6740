from wholeroute.partnerships.tests.conftest import (  # noqa: F401 — shared fixtures
    draft,
    institutions,
    mandates,
    other_ministry,
    otto,
    registry,
)
