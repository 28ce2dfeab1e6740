"""Was X in the EU (Schengen, EU+) on date D?"""

import datetime

from wholeroute.geo.models import Country

D = datetime.date


EU_ON_A_DATE = [
    ("GB", D(2020, 1, 31), True), ("GB", D(2020, 2, 1), False), ("GB", D(1972, 12, 31), False),
    ("HR", D(2013, 6, 30), False), ("HR", D(2013, 7, 1), True),
    ("SE", D(1994, 12, 31), False), ("SE", D(1995, 1, 1), True),
    ("PL", D(2004, 4, 30), False), ("PL", D(2004, 5, 1), True),
    ("NO", D(2026, 1, 1), False), ("CH", D(2026, 1, 1), False),
]


def test_eu_membership_on_a_date(geo):
    answers = {(code, day): Country.objects.get(code=code).is_member("EU", day) for code, day, _ in EU_ON_A_DATE}
    assert answers == {(code, day): expected for code, day, expected in EU_ON_A_DATE}


def test_the_eu_has_28_members_on_the_last_day_of_the_uk_and_27_the_day_after(geo):
    def members(day):
        return {c.code for c in Country.objects.all() if c.is_member("EU", day)}

    assert len(members(D(2020, 1, 31))) == 28
    assert members(D(2020, 2, 1)) == members(D(2020, 1, 31)) - {"GB"}


def test_bulgaria_joined_schengen_at_air_and_sea_borders_first_and_land_borders_from_2025(geo):
    bulgaria = Country.objects.get(code="BG")
    assert not bulgaria.is_member("SCHENGEN", D(2024, 3, 30))
    assert bulgaria.is_member("SCHENGEN", D(2024, 4, 1))
    assert bulgaria.membership_on("SCHENGEN", D(2024, 4, 1)).scope == "air and sea borders"
    assert bulgaria.is_member("SCHENGEN", D(2024, 4, 1), border="air")
    assert bulgaria.is_member("SCHENGEN", D(2024, 4, 1), border="sea")
    assert not bulgaria.is_member("SCHENGEN", D(2024, 12, 31), border="land")
    assert bulgaria.is_member("SCHENGEN", D(2025, 1, 1), border="land")
    assert bulgaria.membership_on("SCHENGEN", D(2025, 1, 1)).scope == ""


def test_romania_follows_the_same_two_steps_as_bulgaria(geo):
    romania = Country.objects.get(code="RO")
    assert romania.is_member("SCHENGEN", D(2024, 3, 31), border="air")
    assert not romania.is_member("SCHENGEN", D(2024, 3, 31), border="land")
    assert romania.is_member("SCHENGEN", D(2025, 1, 1), border="land")


def test_croatia_is_in_schengen_from_2023_with_air_borders_from_26_march(geo):
    croatia = Country.objects.get(code="HR")
    assert not croatia.is_member("SCHENGEN", D(2022, 12, 31))
    assert croatia.is_member("SCHENGEN", D(2023, 1, 1), border="land")
    assert not croatia.is_member("SCHENGEN", D(2023, 1, 1), border="air")
    assert croatia.is_member("SCHENGEN", D(2023, 3, 26), border="air")


def test_schengen_includes_the_associated_states_and_not_ireland_or_cyprus(geo):
    today = D(2026, 1, 1)
    for code in ("IS", "NO", "CH", "LI"):
        assert Country.objects.get(code=code).is_member("SCHENGEN", today), code
    for code in ("IE", "CY", "GB"):
        assert not Country.objects.get(code=code).is_member("SCHENGEN", today), code
    assert not Country.objects.get(code="CH").is_member("SCHENGEN", D(2008, 12, 1))


def test_eu_plus_is_the_eu_with_iceland_liechtenstein_norway_and_switzerland(geo):
    day = D(2026, 1, 1)
    eu = {c.code for c in Country.objects.all() if c.is_member("EU", day)}
    eu_plus = {c.code for c in Country.objects.all() if c.is_member("EU_PLUS", day)}
    assert len(eu) == 27
    assert eu_plus == eu | {"IS", "LI", "NO", "CH"}
    assert Country.objects.get(code="GB").is_member("EU_PLUS", D(2019, 6, 1))
