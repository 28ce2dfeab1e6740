"""What the Frontex files share.

The original monthly workbook and the long table are two vintages of the same figures, so both produce
dataset `frontex_ibc` with the same series dimensions — `route` (the Frontex route name exactly as written,
e.g. "Central Mediterranean Route"), `border_type` ("Sea" / "Land") and `citizen` (the workbook's English
nationality name, the long table's ISO3-like code: the loader resolves both to one country, and OOO / STL /
OOS to Frontex's Unknown / Stateless / Unspecified sub-Saharan nationals).
"""

from wholeroute.indicators.parsers import DatasetInfo

DETECTIONS = DatasetInfo(code="frontex_ibc", title="Detections of illegal border-crossing (Frontex, FRAN data)",
                         source="frontex", unit="detections", frequency="M")
RETURNS = DatasetInfo(code="frontex_returns", title="Returnees on Frontex-coordinated return operations",
                      source="frontex", unit="persons", frequency="A")


def dimensions(route: str, border_type: str, citizen: str) -> tuple[tuple[str, str], ...]:
    return (("route", route), ("border_type", border_type), ("citizen", citizen))
