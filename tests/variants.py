"""An application with settings of its own on the suite's database (already migrated)."""

from contextlib import contextmanager

from config import TestingConfig
from consult import create_app
from consult.extensions import db


@contextmanager
def variant_app(app, **settings):
    """A new app like the suite's `app` but with `settings`; its engine is closed after."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        UPLOAD_FOLDER = app.config["UPLOAD_FOLDER"]

    for name, value in settings.items():
        setattr(Config, name, value)
    variant = create_app(Config)
    try:
        yield variant
    finally:
        with variant.app_context():
            db.engine.dispose()
