"""The access matrix: every kind of user × every classification, for seeing, listing, changing and approving."""

import pytest
from django.contrib.auth.models import AnonymousUser

from wholeroute.access import policy
from wholeroute.access.factories import OrganisationFactory, member
from wholeroute.access.models import Classification, Organisation, Role
from wholeroute.partnerships.models import Partnership

P, L, S = Classification.PUBLIC, Classification.LIMITED, Classification.SENSITIVE

# Who may see a record of each classification owned by the ministry (written out, not derived from the code).
SEES = {
    "anonymous": {P},
    "ministry viewer": {P, L, S},
    "ministry editor": {P, L, S},
    "ministry approver": {P, L, S},
    "ministry admin": {P, L, S},
    "other organisation editor": {P, L},
    "shared-with organisation viewer": {P, L, S},
    "non-participating organisation editor": {P},
    "signed in without organisation": {P},
}
CHANGES = {"ministry editor", "ministry approver", "ministry admin"}
APPROVES = {"ministry approver", "ministry admin"}


@pytest.fixture
def people(ministry, delegation, agency, alice, erin, ivan, vera, bob, carol):
    ngo = OrganisationFactory(slug="ngo", name="A civil-society organisation", kind=Organisation.Kind.CIVIL_SOCIETY,
                              participating=False)
    from wholeroute.access.factories import UserFactory

    return {
        "anonymous": AnonymousUser(),
        "ministry viewer": vera,
        "ministry editor": alice,
        "ministry approver": erin,
        "ministry admin": ivan,
        "other organisation editor": bob,
        "shared-with organisation viewer": member(agency, Role.VIEWER, email="viewer@frontex.example"),
        "non-participating organisation editor": member(ngo, Role.EDITOR, email="editor@ngo.example"),
        "signed in without organisation": UserFactory(email="nobody@example.org"),
    }


@pytest.fixture
def records(ministry, agency):
    made = {}
    for classification in (P, L, S):
        record = Partnership.objects.create(title=f"{classification} partnership", classification=classification,
                                            owner=ministry)
        if classification == S:
            record.shared_with.add(agency)
        made[classification] = record
    return made


@pytest.mark.parametrize("who", list(SEES))
@pytest.mark.parametrize("classification", [P, L, S])
def test_access_matrix_leaks_nothing_and_hides_nothing(people, records, who, classification):
    user, record = people[who], records[classification]
    expected_view = classification in SEES[who]

    assert policy.can_view(user, record) is expected_view
    listed = set(Partnership.objects.visible_to(user).values_list("pk", flat=True))
    assert (record.pk in listed) is expected_view
    assert policy.can_change(user, record) is (who in CHANGES)
    assert policy.can_approve(user, record) is (who in APPROVES)


def test_a_listing_shows_each_shared_record_once(people, records, agency, delegation):
    records[S].shared_with.add(delegation)
    visible = list(Partnership.objects.visible_to(people["ministry editor"]))
    assert len(visible) == len(set(visible)) == 3


def test_the_author_cannot_approve_their_own_record(people, records):
    erin = people["ministry approver"]
    assert policy.can_approve(erin, records[L], author=erin) is False
    assert policy.can_approve(erin, records[L], author=people["ministry editor"]) is True


@pytest.mark.parametrize("who", ["anonymous", "ministry viewer", "ministry editor", "other organisation editor"])
def test_a_withdrawn_record_is_seen_only_by_admins_of_its_owner(people, records, who):
    from django.utils import timezone

    record = records[P]
    record.withdrawn_at = timezone.now()
    record.save()
    assert policy.can_view(people[who], record) is False
    assert policy.can_view(people["ministry admin"], record) is True
    assert record.pk not in Partnership.objects.visible_to(people[who]).values_list("pk", flat=True)
    assert record.pk in Partnership.objects.visible_to(people["ministry admin"], include_withdrawn=True).values_list(
        "pk", flat=True)


def test_an_ended_membership_grants_nothing(people, records, ministry):
    from django.utils import timezone

    alice = people["ministry editor"]
    alice.memberships.update(ended_at=timezone.now())
    policy.forget(alice)
    assert policy.can_view(alice, records[S]) is False
    assert policy.can_change(alice, records[P]) is False
