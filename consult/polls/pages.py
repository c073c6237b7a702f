"""What the public pages of a poll share: the voting pages (`views`) and the results and the
poster (`result_views`) look the poll up the same way."""

from flask import abort
from sqlalchemy.orm import joinedload

from consult.extensions import db
from consult.polls.models import Poll


def public_poll(poll_id: int) -> Poll:
    """The poll `poll_id` with its consultation, or 404 unless the consultation is public."""
    # every voting page shows the consultation's title: one statement for both
    poll = db.session.get(Poll, poll_id, options=[joinedload(Poll.consultation)])
    if poll is None or not poll.consultation.is_public:
        abort(404)
    return poll
