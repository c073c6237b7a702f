"""The app exactly as `gunicorn app:app` serves it, plus the bench's configuration overrides.

Every bench client is 127.0.0.1, so per-address rate limits meant for the public (the poll's
vote and verification limits, 10 per minute by default) would turn a load test into a test of
the limiter. bench/run.py serves `wsgi:app` from bench/ with BENCH_APP_CONFIG, a JSON object
of config keys to override after create_app(); nothing else differs from app.py.
"""

import json
import os
import sys
from pathlib import Path

#: the app tree under test (run.py --root), else the repository around bench/
sys.path.insert(0, os.environ.get("BENCH_APP_ROOT") or str(Path(__file__).resolve().parent.parent))

from app import app

app.config.update(json.loads(os.environ.get("BENCH_APP_CONFIG") or "{}"))
