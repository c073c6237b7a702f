"""What the open-data API (`consult.api`) publishes of the register of capital investments: the
records with their figures, texts in every language, history and photos. Nothing about a person:
not the officer who wrote a record, not who follows it."""

from collections.abc import Callable

from consult.core.money import json_amount
from consult.core.open_data import day, translations
from consult.investments.models import Investment
from consult.investments.register import Totals

DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end")


def summary(record: Investment, link: Callable[[str, dict], str]) -> dict:
    """One record as the list gives it; `link(endpoint, values)` makes an absolute URL."""
    consultation = record.consultation
    public = consultation is not None and consultation.is_public
    return {
        "id": record.id,
        "title": translations(record.title),
        "local_community_id": record.local_community_id,
        "directorate_id": record.directorate_id,
        "year_start": record.year_start,
        "year_end": record.year_end,
        "status": record.status,
        "progress": record.progress,
        "dates": {name: day(getattr(record, name)) for name in DATE_FIELDS},
        "budget": json_amount(record.budget),
        "spent": json_amount(record.spent),
        "currency": "EUR",
        "consultation_id": consultation.id if public else None,
        "consultation_url": link("public.consultation", {"consultation_id": consultation.id})
        if public
        else None,
        "url": link("api.investment", {"investment_id": record.id}),
        "page_url": link("investments.investment", {"investment_id": record.id}),
    }


def detail(record: Investment, link: Callable[[str, dict], str]) -> dict:
    """One record with its description, cancellation reason, history and photos."""
    return summary(record, link) | {
        "description": translations(record.description),
        "cancel_reason": translations(record.cancel_reason),
        "history": [
            {
                "changed_on": day(event.changed_on),
                "from_status": event.from_status,
                "to_status": event.to_status,
                "progress": event.progress,
                "note": translations(event.note),
            }
            for event in record.events
        ],
        "photos": [
            {
                "url": link("investments.photo", {"name": photo.stored_name}),
                "alt": translations(photo.alt),
                "media_type": f"image/{photo.photo_type}",
            }
            for photo in record.photos
        ],
    }


def totals_json(totals: Totals) -> dict:
    """The totals of a list: how many records, their budget and spending, by status."""
    return {
        "count": totals.all.count,
        "budget": json_amount(totals.all.budget),
        "spent": json_amount(totals.all.spent),
        "by_status": totals.by_status,
    }
