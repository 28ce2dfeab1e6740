"""The vocabulary of solution types (issue 4) and how the sourced registry's `type` values map onto it."""

# code, name, description
SOLUTION_TYPES = [
    ("return-hub", "Return hub", "Return of people with a return decision to a third country that is not their own."),
    ("safe-third-country", "Safe third country arrangement",
     "Arrangements under which a third country examines protection requests of applicants sent there."),
    ("external-processing", "External processing of asylum claims",
     "Asylum claims examined outside the territory of the state responsible."),
    ("readmission", "Readmission", "Readmission of own nationals (and in some agreements third-country nationals)."),
    ("reintegration", "Reintegration", "Support to returnees in their country of return."),
    ("anti-smuggling", "Anti-smuggling / anti-trafficking", "Countering migrant smuggling and human trafficking."),
    ("border-management", "Border management", "Support to border management, surveillance and status agreements."),
    ("legal-pathway", "Legal pathway / talent partnership", "Labour mobility, talent partnerships, study and "
                                                            "training pathways."),
    ("resettlement", "Resettlement / humanitarian admission", "Resettlement and humanitarian admission of refugees."),
    ("protection-in-region", "Protection in the region", "Support to refugees and host communities near origin."),
    ("root-causes", "Root causes / development", "Development cooperation on drivers of irregular migration."),
    ("comprehensive-partnership", "Comprehensive partnership", "Broad partnerships in which migration is one pillar."),
    ("visa-leverage", "Visa leverage (Visa Code Art. 25a)", "Visa measures linked to cooperation on readmission."),
    ("countering-instrumentalisation", "Countering instrumentalisation",
     "Responses to the instrumentalisation of migrants by state actors."),
    # Not in the list: EU legislation that frames the solutions (the Pact, safe-country lists, the Return
    # Regulation). Kept apart rather than forced into a solution it does not implement (docs/decisions.md).
    ("eu-legal-framework", "EU legal framework", "EU legislation that frames the solutions; not itself a partnership."),
]

# registry `type` → solution type code
REGISTRY_TYPES = {
    "return_hub": "return-hub",
    "safe_third_country": "safe-third-country",
    "external_processing": "external-processing",
    "readmission": "readmission",
    "reintegration": "reintegration",
    "anti_smuggling": "anti-smuggling",
    "border_management": "border-management",
    "legal_pathway": "legal-pathway",
    "resettlement": "resettlement",
    "protection_in_region": "protection-in-region",
    "root_causes": "root-causes",
    "comprehensive_partnership": "comprehensive-partnership",
    "visa_leverage": "visa-leverage",
    "countering_instrumentalisation": "countering-instrumentalisation",
    "legal_framework": "eu-legal-framework",
}

# registry `instrument_kind` → Partnership.InstrumentKind value
REGISTRY_INSTRUMENTS = {
    "agreement": "agreement",
    "mou": "mou",
    "statement": "statement",
    "joint statement": "statement",
    "working arrangement": "working_arrangement",
    "status agreement": "status_agreement",
    "protocol": "protocol",
    "letter of intent": "letter_of_intent",
    "programme": "programme",
    "decision": "decision",
    "regulation proposal": "regulation_proposal",
}


def ensure_solution_types(model) -> dict:
    """Create or update the vocabulary rows (used by the data migration and by the seed); returns code → row."""
    for order, (code, name, description) in enumerate(SOLUTION_TYPES):
        model.objects.update_or_create(code=code, defaults={"name": name, "description": description, "order": order})
    return {s.code: s for s in model.objects.all()}
