"""consult: public consultations and surveys for Kosovo municipalities."""

import os
from urllib.parse import urlsplit

from flask import Flask, Request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import MapAdapter

from config import CONFIGS
from consult import commands, database, errors, security, templating  # noqa: F401  database: limits
from consult.core.report_views import limit_pdf_downloads
from consult.extensions import babel, csrf, db, limiter, login_manager, migrate
from consult.i18n import select_locale

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Consult(Flask):
    """Flask, with absolute URLs that always use the configured public address."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Inside a request too, an absolute URL (an e-mail link, an API link) takes its host
        from SERVER_NAME and its scheme from PUBLIC_URL, never from the Host header or the
        scheme the request arrived with."""
        adapter = super().create_url_adapter(request)
        if adapter is not None and request is not None and self.config.get("PUBLIC_URL"):
            adapter.url_scheme = self.config["PREFERRED_URL_SCHEME"]
        return adapter


def create_app(config_class: type | None = None) -> Flask:
    """Build the application; the configuration comes from `CONSULT_CONFIG` unless given."""
    app = Consult(
        __name__,
        template_folder=os.path.join(ROOT, "templates"),
        instance_path=os.path.join(ROOT, "instance"),
    )
    chosen = config_class or CONFIGS[os.environ.get("CONSULT_CONFIG", "development")]
    app.config.from_object(chosen())
    apply_public_url(app)
    trust_proxies(app)
    register_extensions(app)
    security.register_input_guards(app)
    register_blueprints(app)
    limit_pdf_downloads(app)
    errors.register_errorhandlers(app)
    templating.register_template_helpers(app)
    security.register_security_headers(app)
    commands.register_commands(app)
    return app


def apply_public_url(app: Flask) -> None:
    """SERVER_NAME and PREFERRED_URL_SCHEME from PUBLIC_URL, so that every absolute URL, in
    a request or in a command, names the site's public address. The site is served at the
    root of its host name (PUBLIC_URL has no path)."""
    public_url = app.config.get("PUBLIC_URL")
    if not public_url:
        return
    parts = urlsplit(public_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise RuntimeError(
            f"PUBLIC_URL must be a scheme and host name like https://consult.example.org, "
            f"not {public_url!r}."
        )
    app.config["SERVER_NAME"] = parts.netloc.lower()
    app.config["PREFERRED_URL_SCHEME"] = parts.scheme


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT proxies, take the client address and scheme from the
    X-Forwarded-For and X-Forwarded-Proto headers they add, counting from the last: entries a
    client wrote into these headers itself are ignored. With 0, the headers are ignored."""
    count = app.config.get("PROXY_COUNT", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app: Flask) -> None:
    """Bind the extension objects of `consult.extensions` to `app`."""
    from consult import models  # noqa: F401  every model, for Alembic and relationships
    from consult.auth.services import load_user
    from consult.core.form_messages import use_app_catalogue

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(use_app_catalogue)  # WTForms' own messages in the reader's language
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
    from consult.meetings.views import bp as meetings_bp
    from consult.organisations.views import bp as organisations_bp
    from consult.plan.views import bp as plan_bp
    from consult.polls.views import bp as polls_bp
    from consult.public.views import bp as public_bp
    from consult.subscriptions.views import bp as subscriptions_bp
    from consult.surveys.views import bp as surveys_bp

    shared = (organisations_bp, meetings_bp, subscriptions_bp, plan_bp)
    features = (consultations_bp, hearings_bp, surveys_bp, polls_bp, chair_bp, api_bp)
    for blueprint in (public_bp, auth_bp, manage_bp, analytics_bp, *shared, *features):
        app.register_blueprint(blueprint)
