"""What the Frontex detections files share: one dataset, whichever file (and vintage) it comes from."""

from wholeroute.indicators.parsers import DatasetInfo

DETECTIONS = DatasetInfo(code="frontex_ibc", title="Detections of illegal border-crossing (Frontex, FRAN data)",
                         source="frontex", unit="detections", frequency="M")
RETURNS = DatasetInfo(code="frontex_returns", title="Returnees on Frontex-coordinated return operations",
                      source="frontex", unit="persons", frequency="A")
