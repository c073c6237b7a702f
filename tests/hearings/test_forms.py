"""The hearing forms' per-language texts: typed side by side, Albanian required where the
officer must give a reason, control characters refused like in every other hearing input."""

from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from consult.comments.forms import AnswerForm
from consult.hearings.forms import ChangeForm, HoldForm


def _form(form_class, data, **kwargs):
    form = form_class(formdata=MultiDict(data), meta={"csrf": False}, **kwargs)
    if isinstance(form, ChangeForm):
        form.line_id.choices = [(1, "line")]
        form.proposal_id.choices = [(0, "none")]
    return form


def test_an_answer_reason_in_two_languages_is_read_back(app):
    with app.test_request_context(), force_locale("en"):
        form = _form(AnswerForm, {"outcome": "accepted", "reason_sq": " Po. ", "reason_en": "Yes."})
        assert form.validate()
        assert form.texts("reason") == {"sq": "Po.", "en": "Yes."}


def test_a_reason_with_a_control_character_is_refused(app):
    with app.test_request_context(), force_locale("en"):
        form = _form(AnswerForm, {"outcome": "accepted", "reason_bs": "Da\x00"})
        assert not form.validate()
        assert list(map(str, form.reason_bs.errors)) == [
            "The text contains characters that are not allowed."
        ]


def test_a_budget_change_needs_its_reason_in_albanian(app):
    with app.test_request_context(), force_locale("en"):
        data = {"line_id": "1", "new_amount": "100", "proposal_id": "0", "reason_en": "Why"}
        form = _form(ChangeForm, data)
        assert not form.validate()
        assert list(map(str, form.reason_sq.errors)) == ["Give the reason."]
        assert form.reason_sq.flags.required and not form.reason_en.flags.required
        names = [name for name in form._fields if name.startswith("reason_")]
        # built for every language content may be typed in; Istog types all but Turkish
        assert names == ["reason_sq", "reason_sr_Latn", "reason_bs", "reason_tr", "reason_en"]
        assert form.text_locales == ("sq", "sr_Latn", "bs", "en")


def test_minutes_of_a_held_hearing_need_albanian(app):
    with app.test_request_context(), force_locale("en"):
        form = _form(HoldForm, {"minutes_en": "Minutes"})
        assert not form.validate()
        assert list(map(str, form.minutes_sq.errors)) == ["Write the minutes."]
        form = _form(HoldForm, {"minutes_sq": "Procesverbal"})
        assert form.validate()
        assert form.texts("minutes") == {"sq": "Procesverbal"}
