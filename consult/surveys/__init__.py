"""Questionnaires: the engine, the anonymous staff survey with access codes, citizen surveys."""
