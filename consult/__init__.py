"""consult: public consultations and surveys for Kosovo municipalities."""

import logging
import os
from urllib.parse import urlsplit

from flask import Flask, Request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import MapAdapter

from config import CONFIGS
from consult import (
    commands,
    database,
    errors,
    identity,
    security,
    templating,
)
from consult.command_line import CommandLine, defer_migrations
from consult.core import profiles
from consult.core.events import log_event, register_event_log
from consult.core.municipalities import register_municipality
from consult.core.tenancy import register_tenancy
from consult.extensions import babel, csrf, db, limiter, login_manager
from consult.i18n import select_locale
from consult.report_views import limit_pdf_downloads

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Consult(Flask):
    """Flask, with absolute URLs that always use the configured public address, and commands
    imported when they run (`consult.command_line`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cli = CommandLine()

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
    identity.load_identity(app)
    trust_proxies(app)
    register_extensions(app)
    register_tenancy()
    database.register_reconnect(db.session)
    security.register_input_guards(app)
    register_municipality(app)
    register_blueprints(app)
    register_kinds(app)
    limit_pdf_downloads(app)
    register_event_log(app)
    warn_of_printed_codes(app)
    errors.register_errorhandlers(app)
    templating.register_template_helpers(app)
    profiles.register_profiles(app)
    security.register_security_headers(app)
    commands.register_commands(app)
    return app


def warn_of_printed_codes(app: Flask) -> None:
    """Where codes must reach people (production) but SMS or mail would only be printed on
    this server, say so loudly at start: polls refuse that verification until it is set."""
    if not app.config.get("POLL_REFUSE_CONSOLE_DELIVERY"):
        return
    for setting in ("POLL_SMS_BACKEND", "MAIL_BACKEND"):
        if app.config.get(setting) == "console":
            log_event(
                "config.codes_printed_only", logging.WARNING, setting=setting, backend="console"
            )
            app.logger.warning(
                "%s is 'console': no poll can verify voters that way until it is set", setting
            )


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
    from consult.form_html import install_html_params

    db.init_app(app)
    defer_migrations(app)  # Flask-Migrate, Alembic and Mako: only where migrations run
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(use_app_catalogue)  # WTForms' own messages in the reader's language
    install_html_params()  # WTForms' attributes, the same bytes written faster
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    limiter.init_app(app)


def register_kinds(app: Flask) -> None:
    """The kinds of consultation this app serves (`consult.core.kinds`), and the shared
    services that take part in every kind's lifecycle: the annual plan answers MS-PLAN,
    subscribers hear of each step (told once, whether an officer or the dates took it: the
    mail worker looks before each round), followers of a consultation of its answers."""
    from consult.consultations.kind import DRAFT_ACT
    from consult.core.answers import answer_listeners
    from consult.core.kinds import register_kind, registry
    from consult.core.mail_outbox import mail_rounds
    from consult.core.page_revisions import register_page_revisions
    from consult.hearings.kind import BUDGET_HEARING
    from consult.investments.revisions import FUNDED_INVESTMENTS
    from consult.plan.services import in_plan
    from consult.polls.kind import CAPITAL_POLL
    from consult.polls.revisions import register_revisions
    from consult.public.revisions import register_home_revisions
    from consult.subscriptions.views import (
        notify_due_steps,
        notify_followers_of_answers,
        notify_subscribers_of_step,
    )
    from consult.surveys.kind import SURVEY
    from consult.surveys.reminders import purge_closed_lists
    from consult.surveys.revisions import register_questionnaire_revisions

    for kind in (DRAFT_ACT, BUDGET_HEARING, CAPITAL_POLL, SURVEY):
        register_kind(app, kind)
    # a change to a poll renews its revision, which the voting pages' copies are checked against
    register_revisions()
    # and a change to a survey or its questionnaire the survey's, which the questionnaire
    # pages' copies are checked against
    register_questionnaire_revisions()
    # a change to a consultation, its directorate or documents renews its page's revision, and
    # so does a change to the investments it funded (what its kind's part shows: the kind's
    # `page_watch`, registered with it)
    register_page_revisions(FUNDED_INVESTMENTS)
    # a change to a consultation or a directorate renews the municipality's home page
    register_home_revisions()
    registry(app).plan_lookup = in_plan
    registry(app).step_listeners.append(notify_subscribers_of_step)
    answer_listeners(app).append(notify_followers_of_answers)
    mail_rounds(app).append(notify_due_steps)
    # a survey closed by its dates loses its reminder list before the outbox is sent
    mail_rounds(app).append(purge_closed_lists)


def register_blueprints(app: Flask) -> None:
    """Attach every package's blueprint (its package's `bp`), once the views modules have added
    their routes to it."""
    import consult.analytics.views
    import consult.api.views
    import consult.audiences.views
    import consult.auth.views
    import consult.chair.views
    import consult.consultations.views
    import consult.hearings.views
    import consult.investments.views
    import consult.manage.views
    import consult.meetings.views
    import consult.organisations.views
    import consult.plan.views
    import consult.platform.views
    import consult.polls.views
    import consult.public.views
    import consult.setup.views
    import consult.subscriptions.views
    import consult.surveys.views  # noqa: F401  each views module above adds routes to its `bp`
    from consult import (
        analytics,
        api,
        audiences,
        auth,
        chair,
        consultations,
        hearings,
        investments,
        manage,
        meetings,
        organisations,
        plan,
        platform,
        polls,
        public,
        setup,
        subscriptions,
        surveys,
    )

    shared = (
        organisations.bp,
        meetings.bp,
        subscriptions.bp,
        plan.bp,
        investments.bp,
        audiences.bp,
        setup.bp,
    )
    features = (consultations.bp, hearings.bp, surveys.bp, polls.bp, chair.bp, api.bp, platform.bp)
    for blueprint in (public.bp, auth.bp, manage.bp, analytics.bp, *shared, *features):
        app.register_blueprint(blueprint)
