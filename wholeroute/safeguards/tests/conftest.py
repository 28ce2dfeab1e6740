import pytest

from wholeroute.partnerships.tests.conftest import draft, institutions, other_ministry, otto  # noqa: F401 — shared


@pytest.fixture
def checklist(institutions):  # noqa: F811 — the imported fixture
    """The 98 sourced obligations, kept by DG HOME (from the access seed), and the default suspension rule."""
    from wholeroute.safeguards import seed

    seed.run(demo=False, stdout=None)


@pytest.fixture
def dg_home_admin(institutions):  # noqa: F811
    from wholeroute.access.factories import member
    from wholeroute.access.models import Organisation, Role

    return member(Organisation.objects.get(slug="dg-home"), Role.ADMIN, email="hana@dg-home.example",
                  first_name="Hana")


@pytest.fixture
def in_design(draft, alice, erin, checklist):  # noqa: F811 — the imported fixture
    """The ministry's Tunisia partnership moved to design by alice and erin, with no EU funds and an instrument."""
    from wholeroute.partnerships import actions

    actions.update_partnership(alice, draft, no_eu_funds=True, legal_instrument="Exchange of letters of 3 May 2026")
    actions.approve_transition(erin, actions.request_transition(alice, draft, to_phase="design", reason="Scoped"),
                               reason="Agreed")
    draft.refresh_from_db()
    return draft


def answer_everything(user, assessment, risk="low", mitigation=""):
    from wholeroute.safeguards import actions

    for item in assessment.answers.select_related("obligation"):
        actions.answer(user, assessment, item.obligation, risk=risk, evidence="Reviewed the partner's legislation.",
                       mitigation=mitigation)
