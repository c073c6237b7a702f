"""consult: public consultations and surveys for Kosovo municipalities."""

import os

from flask import Flask

from config import CONFIGS
from consult import commands, errors, security, templating
from consult.core.report_views import limit_pdf_downloads
from consult.extensions import babel, csrf, db, limiter, login_manager, migrate
from consult.i18n import select_locale

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config_class: type | None = None) -> Flask:
    """Build the application; the configuration comes from `CONSULT_CONFIG` unless given."""
    app = Flask(
        __name__,
        template_folder=os.path.join(ROOT, "templates"),
        instance_path=os.path.join(ROOT, "instance"),
    )
    chosen = config_class or CONFIGS[os.environ.get("CONSULT_CONFIG", "development")]
    app.config.from_object(chosen())
    register_extensions(app)
    security.register_input_guards(app)
    register_blueprints(app)
    limit_pdf_downloads(app)
    errors.register_errorhandlers(app)
    templating.register_template_helpers(app)
    security.register_security_headers(app)
    commands.register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extension objects of `consult.extensions` to `app`."""
    from consult import models  # noqa: F401  every model, for Alembic and relationships
    from consult.auth.services import load_user

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from consult.analytics.views import bp as analytics_bp
    from consult.api.views import bp as api_bp
    from consult.auth.views import bp as auth_bp
    from consult.chair.views import bp as chair_bp
    from consult.consultations.views import bp as consultations_bp
    from consult.hearings.views import bp as hearings_bp
    from consult.manage.views import bp as manage_bp
    from consult.polls.views import bp as polls_bp
    from consult.public.views import bp as public_bp
    from consult.surveys.views import bp as surveys_bp

    features = (consultations_bp, hearings_bp, surveys_bp, polls_bp, chair_bp, api_bp)
    for blueprint in (public_bp, auth_bp, manage_bp, analytics_bp, *features):
        app.register_blueprint(blueprint)
