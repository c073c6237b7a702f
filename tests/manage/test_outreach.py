"""The outreach log of every consultation (issue #20, item 6): the officer records each channel
used to reach people (a local community's notice board, an e-mail list, the website, Facebook,
radio, ...) with its day, a count and a note; lists and removes entries (audit-logged). Bad
input is refused with a translated error and nothing is saved; another directorate's officer
and a request without its CSRF token change nothing."""

import datetime as dt

import pytest
from flask_babel import force_locale, gettext, ngettext
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consult.core import outreach
from consult.core.labels import OUTREACH_CHANNEL_LABELS, OUTREACH_CHANNELS
from consult.core.models import AuditLog, Consultation, LocalCommunity
from consult.core.outreach import OutreachEntry, OutreachRefused
from consult.extensions import db
from tests.conftest import submit

TODAY = dt.date.today()


@pytest.fixture
def places(app):
    """Two local communities: {name: id}."""
    with app.app_context():
        istog = LocalCommunity(name={"sq": "Istog", "sr_Latn": "Istok"}, population=5115)
        vrelle = LocalCommunity(name={"sq": "Vrellë", "sr_Latn": "Vrelo"}, population=3126)
        db.session.add_all([istog, vrelle])
        db.session.commit()
        return {"Istog": istog.id, "Vrellë": vrelle.id}


@pytest.fixture
def own(app, make_directorate, make_consultation, login):
    """A consultation of the officer's own directorate, the officer signed in."""
    directorate = make_directorate()
    consultation_id = make_consultation(directorate_id=directorate)
    login("officer", directorate_id=directorate)
    return consultation_id


def _url(consultation_id: int, lang: str = "en") -> str:
    return f"/manage/consultations/{consultation_id}/outreach?lang={lang}"


def _entries(app) -> list[tuple]:
    with app.app_context():
        query = select(
            OutreachEntry.channel,
            OutreachEntry.used_on,
            OutreachEntry.local_community_id,
            OutreachEntry.quantity,
            OutreachEntry.note,
        ).order_by(OutreachEntry.id)
        return [tuple(row) for row in db.session.execute(query)]


def _actions(app) -> list[str]:
    with app.app_context():
        query = select(AuditLog.action).where(AuditLog.action.like("consultation.outreach%"))
        return list(db.session.scalars(query.order_by(AuditLog.id)))


def _post(client, consultation_id: int, lang: str = "en", **fields):
    data = {"channel": "radio", "used_on": TODAY.isoformat(), "local_community_id": "0"}
    data.update(fields)
    return submit(client, _url(consultation_id, lang), data)


def test_the_officer_records_channels_and_sees_them_listed(app, client, own, places):
    response = _post(
        client,
        own,
        channel="notice_board",
        used_on=(TODAY - dt.timedelta(days=3)).isoformat(),
        local_community_id=str(places["Vrellë"]),
        quantity="4",
        note="Te shkolla dhe te xhamia",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/consultations/{own}/outreach")
    assert _post(client, own, channel="facebook").status_code == 302
    assert _entries(app) == [
        (
            "notice_board",
            TODAY - dt.timedelta(days=3),
            places["Vrellë"],
            4,
            "Te shkolla dhe te xhamia",
        ),
        ("facebook", TODAY, None, None, ""),
    ]
    page = client.get(_url(own)).get_data(as_text=True)
    assert "The channel is recorded in the outreach log." in page
    for text in ("Notice board of a local community", "Facebook", "Vrellë", "Te shkolla"):
        assert text in page, text
    entries = page[page.index('id="outreach-entries-caption"') :]
    newest, oldest = entries.index("Facebook</th>"), entries.index("Notice board of a local")
    assert newest < oldest, "the newest day comes first"
    assert _actions(app) == ["consultation.outreach_added", "consultation.outreach_added"]
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert entry.target == f"consultation:{own}"
        assert entry.details["channel"] == "facebook"


def test_every_channel_of_the_list_can_be_recorded(app, client, own, places):
    for channel in OUTREACH_CHANNELS:
        response = _post(
            client,
            own,
            channel=channel,
            local_community_id=str(places["Istog"]) if channel == "notice_board" else "0",
            note="Takimi i këshillit" if channel == "other" else "",
        )
        assert response.status_code == 302, channel
    assert [row[0] for row in _entries(app)] == list(OUTREACH_CHANNELS)


def test_the_consultation_page_sums_up_the_log_and_links_it(app, client, own):
    page = client.get(f"/manage/consultations/{own}?lang=en").get_data(as_text=True)
    assert f'href="/manage/consultations/{own}/outreach"' in page
    assert "no channel recorded yet" in page
    _post(client, own, channel="radio")
    _post(client, own, channel="radio", used_on=(TODAY - dt.timedelta(days=1)).isoformat())
    _post(client, own, channel="website")
    page = client.get(f"/manage/consultations/{own}?lang=en").get_data(as_text=True)
    assert "2 channels used (The municipality&#39;s website, Radio)" in page


def test_the_officer_removes_an_entry_and_the_removal_is_audit_logged(app, client, own):
    _post(client, own, channel="radio", quantity="3")
    _post(client, own, channel="tv")
    with app.app_context():
        radio = db.session.scalars(
            select(OutreachEntry).where(OutreachEntry.channel == "radio")
        ).one()
        radio_id = radio.id
    response = submit(
        client,
        f"/manage/consultations/{own}/outreach/{radio_id}/delete",
        {},
        form_url=_url(own),
    )
    assert response.status_code == 302
    assert [row[0] for row in _entries(app)] == ["tv"]
    assert _actions(app)[-1] == "consultation.outreach_deleted"
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert entry.details == {
            "entry": radio_id,
            "channel": "radio",
            "used_on": TODAY.isoformat(),
            "quantity": 3,
        }
    page = client.get(_url(own)).get_data(as_text=True)
    assert "The entry is removed from the outreach log." in page


def test_an_entry_of_another_consultation_is_not_found_through_this_one(
    app, client, own, make_consultation
):
    other = make_consultation(directorate_id=None)
    with app.app_context():
        consultation = db.session.get(Consultation, other)
        entry = outreach.add_entry(consultation, "radio", TODAY, TODAY)
        db.session.commit()
        entry_id = entry.id
    response = submit(
        client, f"/manage/consultations/{own}/outreach/{entry_id}/delete", {}, form_url=_url(own)
    )
    assert response.status_code == 404
    assert len(_entries(app)) == 1
    missing = submit(
        client, f"/manage/consultations/{own}/outreach/999999/delete", {}, form_url=_url(own)
    )
    assert missing.status_code == 404


FAR_AHEAD = (TODAY + dt.timedelta(days=3650)).isoformat()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
FUTURE = "The day cannot be in the future: record a channel once it has been used."
MARKUP = "The note is plain text: angle brackets (HTML tags) are not allowed."
COUNT = ("Enter a whole number from 1 to %(maximum)s, or leave it empty.", {"maximum": 100000})

#: what is typed (over a valid entry) and the message it gets: a text, or (text, values), or
#: (singular, plural, number) for a plural entry
BAD_INPUT = {
    "unknown channel": ({"channel": "carrier_pigeon"}, "Not a valid choice."),
    "no channel": ({"channel": ""}, "Choose a channel."),
    "far future": ({"used_on": FAR_AHEAD}, FUTURE),
    "tomorrow": ({"used_on": TOMORROW}, FUTURE),
    "long ago": ({"used_on": "1999-12-31"}, "Enter a day from the year 2000 on."),
    "no day": ({"used_on": ""}, "Enter the day the channel was used."),
    "not a day": ({"used_on": "31.12.2026"}, "Not a valid date value."),
    "markup in the note": ({"note": '<script>alert("x")</script>'}, MARKUP),
    "a tag in the note": ({"note": "<b>bold</b>"}, MARKUP),
    "control characters": (
        {"note": "radio\x07"},
        "The text contains characters that are not allowed.",
    ),
    "a note too long": (
        {"note": "x" * 501},
        (
            "The note is too long: at most %(count)s character.",
            "The note is too long: at most %(count)s characters.",
            500,
        ),
    ),
    "notice board without its place": (
        {"channel": "notice_board"},
        "Choose the local community whose notice board it was.",
    ),
    "unknown local community": (
        {"local_community_id": "987654"},
        "Choose a local community from the list.",
    ),
    "other without a note": (
        {"channel": "other", "note": "   "},
        "Say in the note what the channel was.",
    ),
    "a local community that is no number": (
        {"local_community_id": "Vrellë"},
        "Invalid Choice: could not coerce.",
    ),
    "a local community id no database holds": (
        {"local_community_id": str(2**70)},
        "Choose a local community from the list.",
    ),
    "a count of none": ({"quantity": "0"}, COUNT),
    "a negative count": ({"quantity": "-5"}, COUNT),
    "a huge count": ({"quantity": "99999999999999999999999"}, "Enter a whole number."),
    "a count in words": ({"quantity": "four"}, "Not a valid integer value."),
}


def _message(message) -> str:
    """`message` of BAD_INPUT in the current locale."""
    if isinstance(message, str):
        return gettext(message)
    if len(message) == 2:
        return gettext(message[0], **message[1])
    singular, plural, number = message
    return ngettext(singular, plural, number, count=number)


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_refused_with_a_translated_error_and_nothing_is_saved(app, client, own, case):
    fields, message = BAD_INPUT[case]
    shown = {}
    for lang in ("en", "sq", "sr"):
        response = _post(client, own, lang=lang, **fields)
        assert response.status_code == 400, (case, lang)
        with app.test_request_context(f"/?lang={lang}"), force_locale(lang):
            shown[lang] = _message(message)
        assert str(escape(shown[lang])) in response.get_data(as_text=True), (case, lang)
    assert shown["sq"] != shown["en"] and shown["sr"] != shown["en"], case
    assert _entries(app) == []
    assert _actions(app) == []


def test_the_plural_note_limit_is_translated(app, client, own):
    response = _post(client, own, lang="sq", note="x" * 501)
    assert response.status_code == 400
    assert "Shënimi është shumë i gjatë: më së shumti 500 karaktere." in response.get_data(
        as_text=True
    )


def test_what_was_typed_stays_on_the_refused_form(client, own, places):
    response = _post(client, own, channel="notice_board", quantity="12", note="Afishe te shkolla")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<option selected value="notice_board">' in html
    assert 'value="12"' in html and "Afishe te shkolla" in html


def test_the_service_refuses_what_the_form_refuses(app, ctx, make_consultation):
    consultation = db.session.get(Consultation, make_consultation())
    with pytest.raises(OutreachRefused):
        outreach.add_entry(consultation, "carrier_pigeon", TODAY, TODAY)
    with pytest.raises(OutreachRefused):
        outreach.add_entry(consultation, "radio", TODAY + dt.timedelta(days=400), TODAY)
    with pytest.raises(OutreachRefused):
        outreach.add_entry(consultation, "radio", TODAY, TODAY, note="<i>x</i>")
    with pytest.raises(OutreachRefused):
        outreach.add_entry(consultation, "notice_board", TODAY, TODAY)
    assert db.session.scalar(select(func.count(OutreachEntry.id))) == 0


@pytest.mark.parametrize(
    "values",
    [
        {"channel": "carrier_pigeon"},
        {"channel": "notice_board", "local_community_id": None},
        {"channel": "other", "note": " "},
        {"quantity": 0},
    ],
)
def test_the_database_refuses_a_row_that_breaks_the_rules(app, ctx, make_consultation, values):
    row = {
        "consultation_id": make_consultation(),
        "channel": "radio",
        "used_on": TODAY,
        "note": "",
        **values,
    }
    db.session.add(OutreachEntry(**row))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_an_officer_of_another_directorate_is_refused(
    app, client, make_directorate, make_consultation, login
):
    theirs = make_directorate("FIN", "Drejtoria e Financave")
    consultation_id = make_consultation(directorate_id=theirs)
    with app.app_context():
        entry = outreach.add_entry(
            db.session.get(Consultation, consultation_id), "radio", TODAY, TODAY
        )
        db.session.commit()
        entry_id = entry.id
    mine = make_directorate()
    login("officer", directorate_id=mine)
    assert client.get(_url(consultation_id)).status_code == 403
    own_page = client.get("/manage/consultations/new?lang=en")  # a page with a CSRF token
    assert own_page.status_code == 200
    added = submit(
        client,
        _url(consultation_id),
        {"channel": "tv", "used_on": TODAY.isoformat(), "local_community_id": "0"},
        form_url="/manage/consultations/new",
    )
    assert added.status_code == 403
    removed = submit(
        client,
        f"/manage/consultations/{consultation_id}/outreach/{entry_id}/delete",
        {},
        form_url="/manage/consultations/new",
    )
    assert removed.status_code == 403
    assert [row[0] for row in _entries(app)] == ["radio"]


def test_the_public_and_the_chair_cannot_keep_the_log(app, client, make_consultation, login):
    consultation_id = make_consultation()
    response = client.get(_url(consultation_id))
    assert response.status_code in (302, 401, 403)
    login("chair")
    assert client.get(_url(consultation_id)).status_code == 403


def test_a_post_without_its_csrf_token_changes_nothing(app, client, own):
    response = client.post(
        _url(own),
        data={"channel": "radio", "used_on": TODAY.isoformat(), "local_community_id": "0"},
    )
    assert response.status_code == 400
    assert _entries(app) == []
    _post(client, own, channel="tv")
    with app.app_context():
        entry_id = db.session.scalars(select(OutreachEntry.id)).one()
    client.post(f"/manage/consultations/{own}/outreach/{entry_id}/delete", data={})
    client.post(
        f"/manage/consultations/{own}/outreach/{entry_id}/delete", data={"csrf_token": "forged"}
    )
    assert [row[0] for row in _entries(app)] == ["tv"]
    assert _actions(app) == ["consultation.outreach_added"]


@pytest.mark.parametrize("lang", ["sq", "sr", "sr_Latn", "bs"])
def test_the_log_page_speaks_the_officer_s_language(app, client, own, places, lang):
    _post(client, own, channel="notice_board", local_community_id=str(places["Istog"]))
    html = client.get(_url(own, lang)).get_data(as_text=True)
    with app.test_request_context(f"/?lang={lang}"), force_locale(lang):
        expected = [
            gettext("Outreach log"),
            gettext("Record a channel"),
            str(OUTREACH_CHANNEL_LABELS["notice_board"]),
            str(OUTREACH_CHANNEL_LABELS["press_release"]),
            gettext("Record the channel"),
        ]
    for text in expected:
        assert text in html, (lang, text)
    assert "Outreach log" not in html and "Record a channel" not in html
    if lang == "sr":
        assert "Евиденција обавештавања јавности" in html
