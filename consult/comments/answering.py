"""One answer behaviour for every kind: how the post of an answer form is handled."""

from collections.abc import Callable, Mapping

from flask.typing import ResponseReturnValue

from consult.comments.forms import AnswerForm
from consult.core.answers import saved_answer_message
from consult.form_views import save_form


def save_answer(
    form: AnswerForm,
    answer: Callable[[str, dict[str, str]], object],
    target: str,
    page: Callable[[], ResponseReturnValue],
    refused: type[Exception],
    language: str | None = None,
    stored: Mapping[str, str] | None = None,
) -> ResponseReturnValue:
    """Save an answer (to a comment or a proposal written in `language`): `answer(outcome,
    reason)` records it. A refusal shows on the Albanian reason and the page comes back with
    everything typed kept (400); a saved answer says which languages it still lacks
    (LANG-ANSWER) and goes on to `target`. `stored`, the reason answered before: its texts in
    languages the form does not show are kept."""
    return save_form(
        form,
        lambda: answer(form.outcome.data, form.texts("reason", stored)),
        form.reason_sq,
        lambda: saved_answer_message(form.texts("reason", stored), language),
        target,
        page,
        refused,
    )
