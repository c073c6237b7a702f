"""Capital-projects polls in the core lifecycle (`consult.core.lifecycle`): a poll is announced
only with its candidate projects on the ballot (CP-PROJECTS)."""

from consult.core import lifecycle
from consult.polls import services


def register() -> None:
    """Add the substance check once (the module may be imported by several apps in tests)."""
    lifecycle.register_substance_check("capital_poll", services.missing_projects)
