"""What every Eurostat layout shares: dimension values written as codes in one export and as English labels in
another ("T" / "Total", "PER" / "Person", "TOTAL_POS" / "Total positive decisions"). The Eurostat parsers pass
each non-country dimension value through `code()`, so the same series read from SDMX-CSV with labels, SDMX-CSV
with codes, the bulk TSV, a data-browser extract or a 2017 export gets the same series key.

Only labels whose Eurostat code is certain are mapped (the code lists ESTAT:SEX, AGE, UNIT, ASYL_APP, DECISION,
FREQ); any other label is kept as published. "Total" is "TOTAL" in every Eurostat code list except SEX ("T").
Country dimensions (geo, citizen, partner) are left alone: the loader resolves them through geo.resolve.
"""

import datetime

LABELS = {
    "sex": {"Total": "T", "Males": "M", "Females": "F", "Unknown": "UNK"},
    "age": {"Total": "TOTAL", "Less than 14 years": "Y_LT14", "From 14 to 17 years": "Y14-17",
            "Less than 18 years": "Y_LT18", "From 18 to 34 years": "Y18-34", "From 35 to 64 years": "Y35-64",
            "65 years or over": "Y_GE65", "Unknown": "UNK"},
    "unit": {"Person": "PER", "Persons": "PER"},
    "asyl_app": {"Asylum applicant": "ASY_APP", "First time applicant": "NASY_APP"},
    "decision": {"Total": "TOTAL", "Total positive decisions": "TOTAL_POS", "Rejected": "REJECTED",
                 "Geneva Convention status": "GENCONV", "Humanitarian status": "HUMSTAT",
                 "Subsidiary protection status": "SUB_PROT", "Temporary protection status": "TEMP_PROT"},
}
FREQUENCIES = {"A": "A", "ANNUAL": "A", "M": "M", "MONTHLY": "M", "Q": "Q", "QUARTERLY": "Q"}


def code(dimension: str, value: str) -> str:
    """The Eurostat code of a dimension value written as a label; the value itself when it is a code already or
    its code is not certain."""
    value = value.strip()
    known = LABELS.get(dimension)
    if known is not None:
        return known.get(value, value)
    return "TOTAL" if value == "Total" else value


def frequency(value: str) -> str | None:
    """"A", "M" or "Q" from a code or a label ("Annual", "Monthly"); None when it is neither."""
    return FREQUENCIES.get(value.strip().upper())


def period(text: str) -> str | None:
    """A Eurostat period as YYYY, YYYY-Qn or YYYY-MM ("2015", "2015Q3", "2015-Q3", "2015M03", "2015-03");
    None when it is not one."""
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        return text
    if len(text) in (6, 7) and text[:4].isdigit():
        rest = text[4:].lstrip("-")
        if rest[:1] == "Q" and rest[1:] in ("1", "2", "3", "4"):
            return f"{text[:4]}-{rest}"
        if rest[:1] == "M":
            rest = rest[1:]
        if len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
            return f"{text[:4]}-{rest}"
    return None


def vintage(text: str) -> str:
    """Eurostat's "LAST UPDATE" (`03/03/25 11:00:00`, day first; or `14/12/2021 11:00`) as an ISO date, so that
    vintages compare as dates; an ISO date stays as it is; anything else is kept as written."""
    text = text.strip()
    for layout in ("%d/%m/%y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%y %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                   "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, layout).date().isoformat()
        except ValueError:
            continue
    return text
