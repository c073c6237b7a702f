"""The reminder list of a staff survey (issue #21, part 4): the addresses of e-mailed codes are
recorded in the transaction that queues their invitations, in a table apart from the codes, and
a database administrator reading every table (and, on PostgreSQL, the transaction stamps and
physical order of the rows) cannot tie an address to its code or to a response.

The helpers at the top are shared by the other `test_reminders_*` files."""

import io
import re
import sqlite3

import pytest
from sqlalchemy import inspect, select, text

from consult.core.mail import SENT
from consult.core.mail_outbox import send_everything
from consult.extensions import db
from consult.surveys.models import ReminderAddress, StaffToken, SurveyInvitation
from consult.surveys.services import code_hash, invitation_code
from tests.conftest import submit
from tests.surveys.conftest import VALID_FIRST, post_section

UPLOAD = [f"person{n:02d}@istog.example" for n in range(12)]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def csv_of(addresses: list[str]) -> bytes:
    return "".join(f"{address}\n" for address in addresses).encode()


def queue(client, survey_id: int, directorate_id: int, addresses: list[str], lang: str = "en"):
    """The officer uploads `addresses` on the tokens page, in the language `lang`."""
    return submit(
        client,
        f"/manage/surveys/{survey_id}/tokens?lang={lang}",
        {
            "directorate_id": directorate_id,
            "count": 1,
            "addresses": (io.BytesIO(csv_of(addresses)), "staff.csv"),
        },
        content_type="multipart/form-data",
    )


def mail_invitations(app) -> dict[str, str]:
    """Send the queued invitations; {address: code} as the staff members received them."""
    SENT.clear()
    with app.app_context():
        send_everything()
    codes = {}
    for mail in SENT:
        found = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", mail.body)
        assert found, mail.body
        codes[mail.to] = found.group(0)
    SENT.clear()
    return codes


def answer(app, survey_id: int, code: str, meetings: int = 4) -> None:
    """A staff member answers with `code` in a browser of their own."""
    browser = app.test_client()
    assert submit(browser, f"/surveys/{survey_id}/code?lang=en", {"code": code}).status_code == 302
    page = browser.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    answers = {**VALID_FIRST, "meetings": str(meetings)}
    assert post_section(browser, app, survey_id, page, answers).status_code == 302


def list_rows(app, survey_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(ReminderAddress.address, ReminderAddress.language).where(
                ReminderAddress.survey_id == survey_id
            )
        ).all()
    return sorted(tuple(row) for row in rows)


def dialect(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


def every_value(app, exclude: set[str]) -> str:
    """Every value of every table but those in `exclude`, as one text (what a dump holds)."""
    lines = []
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in exclude:
                continue
            for row in connection.execute(table.select()):
                lines.append(" ".join("" if v is None else str(v) for v in row))
    return "\n".join(lines)


# --- the list is recorded with the invitations -------------------------------------------------


def test_the_list_is_recorded_on_upload_with_only_address_and_language(
    app, client, login, make_directorate, survey_id
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    assert queue(client, survey_id, directorate, UPLOAD, lang="sr").status_code == 302
    assert list_rows(app, survey_id) == [(address, "sr") for address in sorted(UPLOAD)]
    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("survey_reminder_addresses")}
        targets = {
            fk["referred_table"]
            for fk in inspect(db.engine).get_foreign_keys("survey_reminder_addresses")
        }
        ids = db.session.scalars(select(ReminderAddress.id)).all()
        listed = {
            str(value)
            for row in db.session.execute(
                select(ReminderAddress.id, ReminderAddress.address, ReminderAddress.language)
            )
            for value in row
        }
        invitations = db.session.scalars(select(SurveyInvitation)).all()
        invitation_ids = {str(i.id) for i in invitations}
        seeds = {i.seed for i in invitations}
        hashes = set(db.session.scalars(select(StaffToken.token_hash)))
        codes = {invitation_code(seed) for seed in seeds}
        assert {code_hash(c) for c in codes} == hashes  # the codes the seeds will give
    # municipality_id: the survey's municipality, the same on every address of the list
    assert columns == {"id", "survey_id", "address", "language", "municipality_id"}
    assert targets == {"surveys", "municipalities"}
    assert all(UUID.match(i) for i in ids)  # random keys, not counters
    # nothing of an invitation (its id, its seed, the code, its hash) is on the list
    secrets_ = seeds | hashes | codes | {c.replace("-", "") for c in codes}
    assert len(seeds) == len(UPLOAD) and "" not in secrets_
    assert not listed & (invitation_ids | secrets_)
    assert not any(secret in value for value in listed for secret in secrets_)


def test_an_address_uploaded_twice_is_listed_once(app, client, login, make_directorate, survey_id):
    first = make_directorate("FIN", "Drejtoria e Financave")
    second = make_directorate("EDU", "Drejtoria e Arsimit")
    login("officer")
    queue(client, survey_id, first, UPLOAD[:6], lang="sq")
    queue(client, survey_id, second, UPLOAD[3:], lang="en")
    rows = dict(list_rows(app, survey_id))
    assert sorted(rows) == sorted(UPLOAD)
    assert all(rows[a] == "sq" for a in UPLOAD[:6])  # the first invitation's language stays
    assert all(rows[a] == "en" for a in UPLOAD[6:])


@pytest.mark.parametrize(
    "content",
    [
        csv_of(UPLOAD[:4]),  # fewer than the smallest group
        "ë@istog.example\n".encode("latin-1") * 6,  # not UTF-8
        b"no addresses here\n",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a picture, not a list
    ],
)
def test_a_refused_upload_records_nothing(app, client, login, make_directorate, survey_id, content):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens?lang=en",
        {"directorate_id": directorate, "count": 1, "addresses": (io.BytesIO(content), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 400)
    assert list_rows(app, survey_id) == []


def test_printed_slips_put_nobody_on_the_list(app, client, login, make_directorate, survey_id):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    response = submit(
        client,
        f"/manage/surveys/{survey_id}/tokens?lang=en",
        {"directorate_id": directorate, "count": 6},
    )
    assert response.mimetype == "application/pdf"
    assert list_rows(app, survey_id) == []


# --- a database administrator cannot join an address to a code or a response -----------------


@pytest.fixture
def answered(app, client, login, make_directorate, survey_id):
    """Twelve invited by e-mail in one upload; the first five of the upload answered, in
    order, each saying how many meetings (10 + their place in the upload)."""
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD)
    codes = mail_invitations(app)
    assert sorted(codes) == sorted(UPLOAD)
    for place, address in enumerate(UPLOAD[:5]):
        answer(app, survey_id, codes[address], meetings=10 + place)
    return codes


def test_no_value_of_the_list_appears_on_the_code_or_answer_side(app, answered, survey_id):
    with app.app_context():
        rows = db.session.execute(select(ReminderAddress.id, ReminderAddress.address)).all()
    assert len(rows) == len(UPLOAD)
    anonymous = every_value(
        app, exclude={"survey_reminder_addresses", "audit_log", "users", "outbox_messages"}
    )
    for key, address in rows:
        assert key not in anonymous
        assert address not in anonymous  # the invitation lost its address once mailed


def test_the_stored_order_of_the_list_follows_neither_the_upload_nor_the_answers(
    app, answered, survey_id
):
    with app.app_context(), db.engine.connect() as connection:
        if dialect(app) == "postgresql":
            query = "SELECT id, address FROM survey_reminder_addresses ORDER BY ctid"
        else:  # WITHOUT ROWID: a plain scan reads the rows in the order of their key
            query = "SELECT id, address FROM survey_reminder_addresses"
        stored = connection.execute(text(query)).all()
    addresses = [address for _id, address in stored]
    assert sorted(addresses) == sorted(UPLOAD)
    assert addresses != UPLOAD  # chance of a false alarm: 1 in 479,001,600
    if dialect(app) == "sqlite":
        assert [key for key, _address in stored] == sorted(key for key, _address in stored)


def test_sqlite_keeps_no_rowid_on_the_list(app, answered):
    if dialect(app) != "sqlite":
        pytest.skip("SQLite's rowid")
    with app.app_context():
        path = db.engine.url.database
    connection = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("SELECT rowid FROM survey_reminder_addresses")
    finally:
        connection.close()


def test_postgres_stamps_tie_an_address_to_its_whole_upload_only(app, answered, survey_id):
    """`xmin`: every row of the list was written by the one upload transaction, which also
    registered the upload's codes as a group; answering, mailing and resealing never touch
    the list, so no stamp pairs one address with one code or one response."""
    if dialect(app) != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's")
    with app.app_context(), db.engine.connect() as connection:
        stamps = (
            connection.execute(text("SELECT DISTINCT xmin::text FROM survey_reminder_addresses"))
            .scalars()
            .all()
        )
        assert len(stamps) == 1
        shared = {
            table: connection.scalar(
                text(f"SELECT count(*) FROM {table} WHERE xmin::text = :x"),  # noqa: S608
                {"x": stamps[0]},
            )
            for table in ("staff_tokens", "survey_responses", "survey_answers")
        }
    # the unused codes of the upload keep its stamp, as a group of at least k; no response does
    assert shared["staff_tokens"] == 0 or shared["staff_tokens"] >= 5
    assert shared["survey_responses"] == 0 and shared["survey_answers"] == 0


def test_an_answer_leaves_the_list_untouched(app, client, login, make_directorate, survey_id):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    queue(client, survey_id, directorate, UPLOAD[:6])
    codes = mail_invitations(app)

    def snapshot():
        with app.app_context(), db.engine.connect() as connection:
            extra = ", xmin::text, ctid::text" if dialect(app) == "postgresql" else ""
            return connection.execute(
                text(f"SELECT id, address, language{extra} FROM survey_reminder_addresses")  # noqa: S608
            ).all()

    before = snapshot()
    answer(app, survey_id, codes[UPLOAD[0]])
    assert snapshot() == before
