"""E-mail subscriptions (`/subscriptions…`): follow a directorate's consultations, confirm by the
link sent, unsubscribe from the link in every notice. Every kind's lifecycle steps reach the
subscribers through `services.notify_subscribers`."""

from flask import Blueprint

bp = Blueprint("subscriptions", __name__)
