"""docs/statistics.md cannot drift from the code: every format and every derived indicator is documented."""

from pathlib import Path

from wholeroute.indicators.derived import DEFINITIONS
from wholeroute.indicators.parsers import modules

DOC = (Path(__file__).resolve().parents[3] / "docs" / "statistics.md").read_text()


def test_every_import_format_is_listed_in_the_statistics_documentation():
    assert [f for f in modules() if f"| `{f}` |" not in DOC] == []


def test_every_derived_indicator_is_listed_in_the_statistics_documentation():
    assert [d.title for d in DEFINITIONS if d.title not in DOC] == []
