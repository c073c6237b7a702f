"""Accounts: sign-in, roles and the access rules of the back office."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
