"""Surveys in the core lifecycle (`consult.core.lifecycle`): a survey is announced only with
its questions (SV-QUESTIONS)."""

from consult.core import lifecycle
from consult.surveys import services


def register() -> None:
    """Add the substance check once (the module may be imported by several apps in tests)."""
    lifecycle.register_substance_check("survey", services.missing_questions)
