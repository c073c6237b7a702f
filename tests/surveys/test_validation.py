"""Every question type checks its answer on the server, with a translated message."""

import pytest

from consult.extensions import db
from consult.surveys.forms import AnswerInvalid, clean
from consult.surveys.models import Survey


@pytest.fixture
def questions(ctx, survey_id):
    survey = db.session.get(Survey, survey_id)
    return {q.key: q for q in survey.questions}


def refused(question, raw) -> str:
    with pytest.raises(AnswerInvalid) as error:
        clean(question, raw)
    return str(error.value)


def test_a_required_question_left_blank_is_refused(questions):
    assert refused(questions["channel"], [None]) == "Please answer this question."
    assert refused(questions["informed"], [""]) == "Please answer this question."
    assert refused(questions["climate"], [None, None]) == "Please answer this question."


def test_an_optional_question_may_be_left_blank(questions):
    for key in ("tools", "priorities", "meetings", "recommend", "title", "ideas"):
        question = questions[key]
        blanks = [None] * (len(question.options) if key == "priorities" else 1)
        assert clean(question, blanks) is None


def test_single_choice_refuses_a_value_that_is_not_an_option(questions):
    assert refused(questions["channel"], ["fax"]) == "Choose one of the options given."
    assert clean(questions["channel"], ["teams"]) == "teams"


def test_multiple_choice_checks_options_and_min_max(questions):
    tools = questions["tools"]
    assert refused(tools, [["email", "fax"]]) == "Choose among the options given."
    assert refused(tools, [["email", "email"]]) == "Choose among the options given."
    assert refused(tools, [["email", "teams", "phone"]]) == "Choose at most 2 options."
    assert clean(tools, [["teams", "email"]]) == ["email", "teams"]


def test_multiple_choice_minimum(questions):
    tools = questions["tools"]
    tools.min_value = 2
    assert refused(tools, [["email"]]) == "Choose at least 2 options."


def test_likert_accepts_only_the_five_points(questions):
    informed = questions["informed"]
    for bad in ("0", "6", "x", "3.5"):
        assert refused(informed, [bad]) == "Choose one of the points of the scale."
    assert clean(informed, ["5"]) == 5


def test_likert_matrix_wants_every_statement_when_required(questions):
    climate = questions["climate"]
    assert refused(climate, ["4", None]) == "Please answer every statement."
    assert refused(climate, ["4", "9"]) == "Choose one of the points of the scale."
    assert clean(climate, ["4", "2"]) == {"across": 4, "within": 2}


def test_ranking_must_be_complete_and_without_duplicates(questions):
    ranking = questions["priorities"]
    assert refused(ranking, ["a", "a", "b"]) == "Each option can take only one place."
    assert refused(ranking, ["a", "b", None]) == "Give every option a place, from first to last."
    assert refused(ranking, ["a", "b", "z"]) == "Choose among the options given."
    assert clean(ranking, ["c", "a", "b"]) == ["c", "a", "b"]


def test_number_must_be_a_number_in_range(questions):
    meetings = questions["meetings"]
    assert refused(meetings, ["many"]) == "Enter a number, for example 12."
    assert refused(meetings, ["nan"]) == "Enter a number, for example 12."
    assert refused(meetings, ["-1"]) == "Enter a number from 0 to 60."
    assert refused(meetings, ["61"]) == "Enter a number from 0 to 60."
    assert clean(meetings, ["4"]) == 4
    assert clean(meetings, ["2,5"]) == 2.5


def test_rating_goes_from_0_to_10(questions):
    rating = questions["recommend"]
    assert refused(rating, ["11"]) == "Choose a number from 0 to 10."
    assert refused(rating, ["-1"]) == "Choose a number from 0 to 10."
    assert clean(rating, ["0"]) == 0
    assert clean(rating, ["10"]) == 10


def test_texts_have_a_length_limit(questions):
    assert refused(questions["title"], ["x" * 201]) == "Keep the answer under 200 characters."
    assert refused(questions["ideas"], ["x" * 3001]) == "Keep the answer under 3000 characters."
    assert clean(questions["ideas"], ["  Më shumë takime.  "]) == "Më shumë takime."
