"""The registry of question types (consult/surveys/question_types.py) against the schema, and
each type's round trip: a submitted value, its stored rows, the raw export's cell."""

import pytest

from consult.surveys import models
from consult.surveys.question_types import (
    QUESTION_TYPES,
    AnswerInvalid,
    QuestionType,
    question_type,
)


def test_every_type_the_schema_allows_has_a_class_in_the_builders_order():
    assert tuple(QUESTION_TYPES) == models.QUESTION_TYPES
    for code, qtype in QUESTION_TYPES.items():
        assert isinstance(qtype, QuestionType)
        assert qtype.code == code
        assert qtype.template in ("choices", "statements", "places", "input", "note")
        assert qtype.grouped == (qtype.template not in ("input", "note"))


def _question(code: str) -> models.Question:
    question = models.Question(id=7, key="k", type=code, required=False, text={"en": "Q"})
    question.options = [
        models.Option(value=v, label={"en": v.upper()}, position=i)
        for i, v in enumerate(("a", "b", "c"), 1)
    ]
    question.statements = [
        models.Statement(key=k, text={"en": k}, position=i) for i, k in enumerate(("x", "y"), 1)
    ]
    return question


@pytest.mark.parametrize(
    ("code", "raw", "value", "cell"),
    [
        ("single_choice", ["b"], "b", "b"),
        ("multiple_choice", [["c", "a"]], ["a", "c"], "a; c"),
        ("likert", ["4"], 4, "4"),
        ("likert_matrix", ["5", "2"], {"x": 5, "y": 2}, "x=5; y=2"),
        ("ranking", ["c", "a", "b"], ["c", "a", "b"], "c > a > b"),
        ("number", ["12,5"], 12.5, "12.5"),
        ("rating", ["0"], 0, "0"),
        ("short_text", [" word "], "word", "word"),
        ("long_text", ["two\r\nlines"], "two\nlines", "two\nlines"),
    ],
)
def test_round_trip(app, code, raw, value, cell):
    question = _question(code)
    qtype = question_type(question)
    with app.test_request_context():
        assert qtype.clean(question, raw) == value
        assert qtype.export(qtype.rows(question, value)) == cell
        assert qtype.export([]) == ""


def test_a_required_question_left_blank_is_refused(app):
    question = _question("single_choice")
    question.required = True
    with app.test_request_context(), pytest.raises(AnswerInvalid):
        question_type(question).clean(question, [""])
