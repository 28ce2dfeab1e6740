"""What the partnership lifecycle asks of the safeguards app before implementation.

Owned by the safeguards app. Until rights assessments exist, no partnership can pass the implementation gate.
"""


def has_approved_assessment(partnership) -> bool:
    """True when the partnership's current rights assessment is approved by someone other than its author."""
    return False


def has_independent_monitoring(partnership) -> bool:
    """True when a named independent monitoring arrangement is recorded for the partnership."""
    return False
