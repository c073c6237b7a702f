"""Template helpers for answers in every official language (LANG-ANSWER): which languages an
answer still lacks and the commenter's own, named in the reader's language."""

from flask import Flask

from consult.core.answers import (
    answer_languages,
    language_list,
    language_name,
    missing_answer_languages,
    unofficial_language,
)


def register(app: Flask) -> None:
    """Expose the helpers to Jinja."""
    app.jinja_env.globals.update(
        answer_languages=answer_languages,
        answer_language_name=language_name,
        answer_language_list=language_list,
        missing_answer_languages=missing_answer_languages,
        unofficial_language=unofficial_language,
    )
