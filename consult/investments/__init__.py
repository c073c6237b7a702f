"""The register of capital investments (issue #20): every project a consultation funded (a
closed poll's funded projects, a budget hearing's accepted proposals) or an officer recorded,
followed in public to its end: status with a dated history, progress, dates, budget and
spending, photos; the public register by year and local community with its downloads and open
data, and e-mail notices to the people who follow a project.

It knows no kind: the kinds say what they funded through the kind registry
(`ConsultationKind.funded_projects`, `consult.core.funded`)."""

from flask import Blueprint

bp = Blueprint("investments", __name__)
