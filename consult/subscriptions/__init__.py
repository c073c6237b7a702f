"""E-mail subscriptions (`/subscriptions…`): follow a directorate's consultations, or one
consultation from its page, confirm by the link sent, unsubscribe from the link in every notice
or with the mail program's one-click button (RFC 8058). Every kind's lifecycle steps reach the
subscribers through `services.notify_step` (once each, whether an officer or the dates took
the step), the answers of every kind reach a consultation's followers through
`services.notify_answers`."""

from flask import Blueprint

bp = Blueprint("subscriptions", __name__)
