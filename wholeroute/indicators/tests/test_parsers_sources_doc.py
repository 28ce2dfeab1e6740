"""docs/statistics-sources.md cannot drift from the Frontex, IOM, UNHCR and context parsers: every format is
described there, and every module states its skips."""

from pathlib import Path

from wholeroute.indicators.parsers import modules

DOC = (Path(__file__).resolve().parents[3] / "docs" / "statistics-sources.md").read_text()
SOURCES = ("frontex-", "iom-mmp-", "unhcr-", "worldbank-", "undesa-", "idmc", "fsi")


def test_every_frontex_iom_unhcr_and_context_format_is_described_with_its_skips():
    formats = {name: module for name, module in modules().items() if name.startswith(SOURCES)}
    assert len(formats) == 15
    assert [name for name in formats if f"`{name}`" not in DOC] == []
    assert [name for name, module in formats.items() if "Skips:" not in (module.__doc__ or "")] == []
