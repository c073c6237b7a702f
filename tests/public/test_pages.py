"""Public pages: the list of consultations and a consultation's announcement."""

import datetime as dt


def test_home_groups_open_upcoming_and_recently_closed(client, make_consultation):
    today = dt.date.today()
    make_consultation(title={"sq": "E hapur"})
    make_consultation(
        title={"sq": "E ardhshme"},
        status="announced",
        opens_at=today + dt.timedelta(days=10),
        closes_at=today + dt.timedelta(days=30),
    )
    make_consultation(
        title={"sq": "E mbyllur"},
        status="closed",
        opens_at=today - dt.timedelta(days=40),
        closes_at=today - dt.timedelta(days=10),
    )
    make_consultation(
        title={"sq": "Shumë e vjetër"},
        status="reported",
        opens_at=today - dt.timedelta(days=400),
        closes_at=today - dt.timedelta(days=380),
    )
    page = client.get("/?lang=sq").get_data(as_text=True)
    open_at, upcoming_at, closed_at = (
        page.index(t) for t in ("E hapur", "E ardhshme", "E mbyllur")
    )
    assert page.index('id="section-open"') < open_at < page.index('id="section-upcoming"')
    assert page.index('id="section-upcoming"') < upcoming_at < page.index('id="section-closed"')
    assert page.index('id="section-closed"') < closed_at
    assert "Shumë e vjetër" not in page


def test_drafts_are_not_public(client, make_consultation):
    consultation_id = make_consultation(title={"sq": "Sekret"}, status="draft")
    assert "Sekret" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/consultations/{consultation_id}").status_code == 404


def test_home_filters_by_kind_directorate_and_year(client, make_consultation, make_directorate):
    education = make_directorate("EDU", "Drejtoria e Arsimit")
    health = make_directorate("HEA", "Drejtoria për Shëndetësi")
    make_consultation(title={"sq": "Akt arsimi"}, directorate_id=education, planned_year=2025)
    later = dt.date.today().year + 2  # a survey planned for 2024 that runs in `later`
    make_consultation(
        title={"sq": "Anketë shëndeti"},
        kind="survey",
        directorate_id=health,
        planned_year=2024,
        notice_at=dt.date(later, 1, 10),
        opens_at=dt.date(later, 2, 1),
        closes_at=dt.date(later, 3, 1),
    )
    by_kind = client.get("/?kind=survey").get_data(as_text=True)
    assert "Anketë shëndeti" in by_kind and "Akt arsimi" not in by_kind
    by_directorate = client.get(f"/?directorate={education}").get_data(as_text=True)
    assert "Akt arsimi" in by_directorate and "Anketë shëndeti" not in by_directorate
    # a consultation counts in the year it ran (it closed), not the year of its plan
    by_year = client.get(f"/?year={later}").get_data(as_text=True)
    assert "Anketë shëndeti" in by_year and "Akt arsimi" not in by_year
    years = by_year.split('id="filter-year"')[1].split("</select>")[0]
    assert f'<option value="{later}"' in years and '<option value="2024"' not in years
    by_plan = client.get("/?year=2024").get_data(as_text=True)
    assert "Anketë shëndeti" not in by_plan and "Akt arsimi" not in by_plan


def test_bad_filter_values_are_ignored_not_errors(client):
    assert client.get("/?kind=<script>&directorate=abc&year=x").status_code == 200


def test_consultation_page_shows_dates_contact_and_content(client, make_consultation):
    consultation_id = make_consultation()
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Regulation on transparency" in page
    assert "valentina.gashi@istog.example" in page
    assert "<time datetime=" in page


def test_error_pages_are_translated(client):
    assert "Page not found" in client.get("/missing?lang=en").get_data(as_text=True)
    response = client.get("/missing?lang=sq")
    assert response.status_code == 404
    assert "Page not found" not in response.get_data(as_text=True)


def test_user_content_is_escaped(client, make_consultation):
    consultation_id = make_consultation(title={"sq": "<script>alert(1)</script>"})
    page = client.get(f"/consultations/{consultation_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
