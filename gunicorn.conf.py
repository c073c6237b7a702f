"""gunicorn's settings for consult in production: `gunicorn -c gunicorn.conf.py app:app`.

The master imports the app and the heavy libraries the results pages use (pandas, numpy,
pabutools) once, before it forks the workers: their pages are then shared by every
worker, copy-on-write, instead of each worker importing its own copy on its first results
page (bench/README.md, issue 9: memory per worker). Command-line options override these.

Before it starts, the master refuses a production app whose rate limits live in each worker's
memory when it would run more than one worker (`config.worker_settings_problem`): only here
is the final number of workers known (`-w`, GUNICORN_WORKERS, WEB_CONCURRENCY).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
preload_app = True
#: no client address in the access log: the app stores none on voting and survey routes
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'


def on_starting(server) -> None:
    """Refuse to start with settings the workers cannot keep (see the module's docstring)."""
    from config import worker_settings_problem

    app = server.app.wsgi()
    problem = worker_settings_problem(getattr(app, "config", {}), server.cfg.workers)
    if problem is not None:
        raise RuntimeError(problem)  # gunicorn prints "Error: ..." and exits with 1


def when_ready(server) -> None:
    """In the master, after the app is loaded: import the heavy libraries for every worker."""
    from consult.auth.services import prepare_sign_in
    from consult.core.lazy import load_all

    prepare_sign_in()  # the first unknown address a worker sees costs no more than others
    server.log.info("preloaded for the workers: %s", ", ".join(load_all()))


def pre_fork(server, worker) -> None:
    """Move the master's objects out of the collector's reach, so that a worker's garbage
    collection does not write to (and so copy) the pages it shares with the master."""
    gc.freeze()


def post_fork(server, worker) -> None:
    """A worker never uses a database connection the master opened."""
    app = server.app.wsgi()
    if hasattr(app, "app_context"):
        from consult.extensions import db

        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)
