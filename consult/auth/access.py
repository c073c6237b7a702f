"""Looking up the consultation a route names, refusing what the reader may not see or edit."""

from flask import abort
from flask_login import current_user

from consult.auth.services import can_edit
from consult.core.models import Consultation
from consult.extensions import db


def consultation_or_404(
    consultation_id: int, kind: str | None = None, public: bool = True
) -> Consultation:
    """The consultation (of `kind`, if given); 404 if missing or, when `public`, a draft."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or (kind is not None and consultation.kind != kind):
        abort(404)
    if public and not consultation.is_public:
        abort(404)
    return consultation


def editable_or_403(consultation_id: int, kind: str | None = None) -> Consultation:
    """The consultation the signed-in officer may edit (404 if missing, 403 if not theirs)."""
    consultation = consultation_or_404(consultation_id, kind, public=False)
    if not can_edit(current_user, consultation):
        abort(403)
    return consultation
