"""Officers keep a record up to date in the back office: status changes with their dated
history, progress and spending, photos; the database refuses what a record cannot hold, the
forms say why in the officer's language, and nobody else may touch it."""

import datetime as dt
import io
import os

import pytest
from PIL import Image
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from consult.core.models import AuditLog
from consult.core.upload_limits import Deadline, UploadRefused
from consult.extensions import db
from consult.investments import photos
from consult.investments.models import Investment, InvestmentPhoto
from tests.conftest import PASSWORD, submit
from tests.investments.conftest import TODAY, jpeg_with_location, png_bytes, record_of

EVERY_REASON = {
    "reason_sq": "Toka nuk u shpronësua.",
    "reason_sr_Latn": "Zemljište nije eksproprisano.",
    "reason_bs": "Zemljište nije eksproprisano.",
}


def _page(record_id: int, lang: str = "en") -> str:
    return f"/manage/investments/{record_id}?lang={lang}"


def _status(client, record_id, status, day=TODAY, lang="en", **texts):
    data = {"status": status, "changed_on": day.isoformat(), **texts}
    return submit(
        client, f"/manage/investments/{record_id}/status", data, form_url=_page(record_id, lang)
    )


def _progress(client, record_id, progress="40", spent="12.500,50", lang="en", **dates):
    data = {"progress": progress, "spent": spent, **dates}
    return submit(
        client, f"/manage/investments/{record_id}/progress", data, form_url=_page(record_id, lang)
    )


# ---------------------------------------------------------------- status and history


def test_status_changes_make_a_dated_public_history(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    day = TODAY - dt.timedelta(days=40)
    response = _status(client, record_id, "procurement", day, note_sq="Tenderi u shpall.")
    assert response.status_code == 302
    assert (
        _status(client, record_id, "construction", TODAY - dt.timedelta(days=10)).status_code == 302
    )
    with app.app_context():
        record = record_of(record_id)
        assert record.status == "construction"
        assert record.actual_start == TODAY - dt.timedelta(days=10)
        history = [(e.from_status, e.to_status, e.changed_on) for e in record.events]
        assert history == [
            ("planned", "procurement", day),
            ("procurement", "construction", TODAY - dt.timedelta(days=10)),
        ]
        assert record.events[0].note == {"sq": "Tenderi u shpall."}
        actions = db.session.scalars(
            select(AuditLog.action).where(AuditLog.target == f"capital_investment:{record_id}")
        ).all()
        assert actions.count("investment.status") == 2
    page = client.get(f"/investments/{record_id}?lang=sq").get_data(as_text=True)
    assert "Tenderi u shpall." in page and "Në prokurim" in page


def test_completing_puts_the_progress_at_100_and_the_actual_end(
    app, client, login, make_record, places
):
    record_id = make_record()
    login("officer", places["PUB"])
    _status(client, record_id, "construction", TODAY - dt.timedelta(days=5))
    assert _status(client, record_id, "completed").status_code == 302
    with app.app_context():
        record = record_of(record_id)
        assert (record.status, record.progress, record.actual_end) == ("completed", 100, TODAY)
    response = _progress(client, record_id, progress="90")
    assert response.status_code == 400
    assert "A completed project is at 100 %." in response.get_data(as_text=True)


def test_a_cancellation_needs_its_reason_in_every_official_language(
    app, client, login, make_record, places
):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _status(client, record_id, "cancelled", lang="sq")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    # in the officer's language (Albanian), naming the languages it lacks
    assert "anulimit" in text and "Give the reason" not in text
    response = _status(client, record_id, "cancelled", reason_sq="Toka nuk u shpronësua.")
    assert response.status_code == 400
    assert "Serbian, Bosnian" in response.get_data(as_text=True)
    with app.app_context():
        assert record_of(record_id).status == "planned"
    assert _status(client, record_id, "cancelled", **EVERY_REASON).status_code == 302
    with app.app_context():
        record = record_of(record_id)
        assert record.status == "cancelled"
        assert record.cancel_reason["sr_Latn"] == "Zemljište nije eksproprisano."
        assert record.events[-1].note == record.cancel_reason
    page = client.get(f"/investments/{record_id}?lang=sr").get_data(as_text=True)
    assert "Земљиште није експроприсано." in page


@pytest.mark.parametrize(
    ("status", "day", "message"),
    [
        ("planned", TODAY, "The project has this status already."),
        (
            "procurement",
            TODAY + dt.timedelta(days=1),
            "The day of the change cannot be in the future.",
        ),
        ("unknown", TODAY, "Not a valid choice"),
    ],
)
def test_a_status_change_that_cannot_be_is_refused(
    app, client, login, make_record, places, status, day, message
):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _status(client, record_id, status, day)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert record_of(record_id).events == []


def test_the_history_does_not_go_back_in_time(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    _status(client, record_id, "procurement", TODAY - dt.timedelta(days=3))
    response = _status(client, record_id, "construction", TODAY - dt.timedelta(days=4))
    assert response.status_code == 400
    assert "before the last change" in response.get_data(as_text=True)


# ---------------------------------------------------------------- progress and spending


def test_progress_and_spending_are_saved(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _progress(
        client,
        record_id,
        "40",
        "12.500,50",
        actual_start=(TODAY - dt.timedelta(days=9)).isoformat(),
    )
    assert response.status_code == 302
    with app.app_context():
        record = record_of(record_id)
        assert (record.progress, str(record.spent)) == (40, "12500.5")
        assert record.actual_start == TODAY - dt.timedelta(days=9)
    page = client.get(f"/investments/{record_id}?lang=en").get_data(as_text=True)
    assert "€12,500.50" in page and "40&nbsp;%" in page


@pytest.mark.parametrize(
    ("progress", "spent", "lang", "message"),
    [
        ("101", "0", "en", "Progress is a whole number from 0 to 100."),
        ("-1", "0", "en", "Progress is a whole number from 0 to 100."),
        ("10", "-5", "en", "The amount spent cannot be negative."),
        ("10", "dhjetë", "en", "Enter an amount in euros"),
        ("101", "0", "sq", "Përparimi"),
        ("10", "-5", "sr_Latn", "Potrošeni iznos ne može biti negativan."),
    ],
)
def test_progress_and_spending_out_of_bounds_are_refused_in_the_officers_language(
    app, client, login, make_record, places, progress, spent, lang, message
):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _progress(client, record_id, progress, spent, lang=lang)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        record = record_of(record_id)
        assert (record.progress, record.spent) == (0, 0)


def test_actual_dates_in_the_wrong_order_are_refused(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _progress(
        client,
        record_id,
        actual_start=TODAY.isoformat(),
        actual_end=(TODAY - dt.timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 400
    assert "The end cannot be before the start." in response.get_data(as_text=True)


# ---------------------------------------------------------------- the database's rules


@pytest.mark.parametrize(
    "values",
    [
        {"status": "cancelled", "cancel_reason": {}},
        {"progress": 101},
        {"progress": -1},
        {"spent": -1},
        {"budget": -1},
        {"status": "completed", "progress": 99},
        {"status": "finished"},
        {"year_start": 2027, "year_end": 2026},
        {"planned_start": TODAY, "planned_end": TODAY - dt.timedelta(days=1)},
        {"title": {}},
    ],
)
def test_the_database_refuses_what_a_record_cannot_hold(app, make_record, values):
    record_id = make_record()
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(
                update(Investment).where(Investment.id == record_id).values(**values)
            )
            db.session.flush()
        db.session.rollback()


def test_the_database_accepts_a_cancellation_with_its_reason(app, make_record):
    record_id = make_record()
    with app.app_context():
        db.session.execute(
            update(Investment)
            .where(Investment.id == record_id)
            .values(status="cancelled", cancel_reason={"sq": "Arsye"})
        )
        db.session.commit()


# ---------------------------------------------------------------- photos


def _photo(client, record_id, data: bytes, name="foto.png", lang="en", **alt):
    texts = {
        "alt_sq": "Rruga e asfaltuar",
        "alt_sr_Latn": "Asfaltiran put",
        "alt_bs": "Asfaltiran put",
    }
    texts.update(alt)
    return submit(
        client,
        f"/manage/investments/{record_id}/photos",
        {**texts, "photo": (io.BytesIO(data), name)},
        form_url=_page(record_id, lang),
        content_type="multipart/form-data",
    )


def test_a_photo_is_kept_without_its_metadata_and_shown_with_its_text(
    app, client, login, make_record, places
):
    record_id = make_record()
    login("officer", places["PUB"])
    assert _photo(client, record_id, jpeg_with_location(), "IMG_1.jpg").status_code == 302
    with app.app_context():
        kept = db.session.scalar(select(InvestmentPhoto))
        assert kept.photo_type == "jpeg" and kept.alt["bs"] == "Asfaltiran put"
        name = kept.stored_name
        stored = photos.photo_path(app.config["UPLOAD_FOLDER"], name).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    _sign_out(client)
    page = client.get(f"/investments/{record_id}?lang=sr_Latn").get_data(as_text=True)
    assert f'src="/investments/photos/{name}"' in page and 'alt="Asfaltiran put"' in page
    response = client.get(f"/investments/photos/{name}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.get_data() == stored
    response.close()
    assert client.get("/investments/photos/" + "0" * 32).status_code == 404
    assert client.get("/investments/photos/..%2f..%2fconfig.py").status_code == 404


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7 not a photo", "foto.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "foto.svg"),
        (png_bytes()[:40], "broken.png"),
        (b"GIF89a" + b"\0" * 40, "foto.gif"),
        (b"", "empty.png"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(app, client, login, make_record, places, data, name):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _photo(client, record_id, data, name)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert (
        "The photo must be a JPEG or PNG image." in text
        or "Choose a photo" in text
        or "empty" in text
    )
    with app.app_context():
        assert db.session.scalar(select(InvestmentPhoto)) is None


def test_a_photo_refusal_is_in_the_officers_language(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _photo(client, record_id, b"not a photo", lang="sq")
    assert response.status_code == 400
    assert "The photo must be" not in response.get_data(as_text=True)


def test_a_photo_too_large_is_refused(app):
    # (judged where the view calls it: the test client leaves an upload this large open)
    noisy = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 1024 * 1024
    with app.test_request_context("/?lang=en"):
        with pytest.raises(UploadRefused, match="larger than 1 MB"):
            photos.check_photo(buffer.getvalue(), 1024 * 1024, 10**8, Deadline(10))
        with pytest.raises(UploadRefused, match="JPEG or PNG"):
            photos.check_photo(png_bytes((300, 300)), 1024 * 1024, 300 * 299, Deadline(10))
        clean, kind = photos.check_photo(
            png_bytes((300, 300)), 1024 * 1024, 300 * 300, Deadline(10)
        )
        assert kind == "png" and clean.startswith(b"\x89PNG")


def test_a_photo_needs_its_text_in_every_official_language(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    response = _photo(client, record_id, png_bytes(), alt_sr_Latn="", alt_bs="")
    assert response.status_code == 400
    assert "Describe the photo in Serbian, Bosnian" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(InvestmentPhoto)) is None


def test_a_photo_is_removed_with_its_file(app, client, login, make_record, places):
    record_id = make_record()
    login("officer", places["PUB"])
    _photo(client, record_id, png_bytes())
    with app.app_context():
        kept = db.session.scalar(select(InvestmentPhoto))
        photo_id, name = kept.id, kept.stored_name
    response = submit(
        client,
        f"/manage/investments/{record_id}/photos/{photo_id}/remove",
        {},
        form_url=_page(record_id),
    )
    assert response.status_code == 302
    assert photos.photo_path(app.config["UPLOAD_FOLDER"], name) is None
    assert client.get(f"/investments/photos/{name}").status_code == 404


# ---------------------------------------------------------------- who may


def _sign_out(client) -> None:
    response = submit(client, "/logout", {}, form_url="/investments")
    assert response.status_code == 302


def _sign_in(client, make_user, role, email, directorate_id=None):
    make_user(role, email=email, directorate_id=directorate_id)
    response = submit(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302


def test_an_officer_of_another_directorate_is_refused(app, client, make_user, make_record, places):
    record_id = make_record()
    _sign_in(client, make_user, "officer", "mesuesja@istog.example", places["EDU"])
    assert client.get(_page(record_id)).status_code == 403
    for action in ("status", "progress", "details", "photos"):
        response = submit(
            client,
            f"/manage/investments/{record_id}/{action}",
            {
                "status": "cancelled",
                "changed_on": TODAY.isoformat(),
                "progress": "100",
                "spent": "0",
            },
            form_url="/manage/investments/new?lang=en",
        )
        assert response.status_code == 403, action
    with app.app_context():
        record = record_of(record_id)
        assert (record.status, record.progress, record.events) == ("planned", 0, [])
    assert f"/manage/investments/{record_id}" not in client.get("/manage/investments").get_data(
        as_text=True
    )


def test_the_officer_of_the_directorate_the_pio_and_an_admin_may(
    app, client, make_user, make_record, places
):
    record_id = make_record()
    for role, email, directorate in (
        ("officer", "works@istog.example", places["PUB"]),
        ("officer", "pio@istog.example", None),
        ("admin", "admin@istog.example", None),
    ):
        _sign_in(client, make_user, role, email, directorate)
        assert client.get(_page(record_id)).status_code == 200, email
        _sign_out(client)


def test_an_officer_cannot_hand_a_record_to_another_directorate(
    app, client, login, make_record, places
):
    record_id = make_record()
    login("officer", places["PUB"])
    data = {
        "title_sq": "Rruga",
        "year_start": str(TODAY.year),
        "year_end": str(TODAY.year),
        "budget": "1000",
        "local_community_id": "0",
        "directorate_id": str(places["EDU"]),
    }
    response = submit(
        client, f"/manage/investments/{record_id}/details", data, form_url=_page(record_id)
    )
    assert response.status_code == 400
    with app.app_context():
        assert record_of(record_id).directorate_id == places["PUB"]


def test_an_officer_records_a_project_by_hand_for_their_directorate_only(
    app, client, login, places
):
    login("officer", places["PUB"])
    data = {
        "title_sq": "Ura e re",
        "title_sr_Latn": "Novi most",
        "year_start": "2026",
        "year_end": "2027",
        "budget": "250.000",
        "local_community_id": str(places["vrelle"]),
        "directorate_id": str(places["PUB"]),
        "planned_start": "2026-04-01",
        "planned_end": "2027-06-30",
    }
    response = submit(
        client, "/manage/investments/new", data, form_url="/manage/investments/new?lang=en"
    )
    assert response.status_code == 302
    with app.app_context():
        record = db.session.scalar(select(Investment))
        assert (record.budget, record.year_end, record.status) == (250_000, 2027, "planned")
        assert record.source is None and record.consultation_id is None
    refused = submit(
        client,
        "/manage/investments/new",
        {**data, "directorate_id": str(places["EDU"])},
        form_url="/manage/investments/new?lang=en",
    )
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_sq", "", "Enter the title in Albanian."),
        ("year_end", "2025", "The last year cannot be before the first."),
        ("year_start", "1990", "Enter a year between 2000 and 2100."),
        ("budget", "-3", "The budget cannot be negative."),
        ("budget", "1e9", "Enter an amount in euros"),
        ("planned_end", "2026-01-01", "The end cannot be before the start."),
        ("local_community_id", "999999", "Not a valid choice"),
    ],
)
def test_details_that_cannot_be_are_refused(app, client, login, places, field, value, message):
    login("officer")
    data = {
        "title_sq": "Ura e re",
        "year_start": "2026",
        "year_end": "2027",
        "budget": "250000",
        "local_community_id": "0",
        "directorate_id": "0",
        "planned_start": "2026-04-01",
        field: value,
    }
    response = submit(
        client, "/manage/investments/new", data, form_url="/manage/investments/new?lang=en"
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Investment)) is None
