"""The seed imports a real statistics subset once; a re-run skips every file it already imported."""

import pytest
from django.contrib.auth.models import AnonymousUser

from wholeroute.indicators import seed
from wholeroute.indicators.derived import BY_CODE, compute
from wholeroute.indicators.models import ImportRun, Observation


@pytest.mark.django_db
def test_the_seed_imports_real_statistics_once_and_skips_them_on_a_re_run(geography):
    first = seed.run(demo=False, stdout=None)
    assert first.startswith(f"{len(seed.FILES)} files imported") and "FAILED" not in first, first
    observations = Observation.objects.count()
    assert observations > 150_000
    assert ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED).count() == len(seed.FILES)

    again = seed.run(demo=False, stdout=None)
    assert again == f"0 files imported, {len(seed.FILES)} already imported"
    assert Observation.objects.count() == observations
    assert ImportRun.objects.count() == len(seed.FILES)

    # The seeded inputs give every derived indicator figures to show.
    for code in ("recognition-rate", "return-rate", "dead-missing-per-1000-detections", "detections-year-on-year",
                 "share-of-eu-asylum-applicants"):
        assert compute(AnonymousUser(), BY_CODE[code]), code
