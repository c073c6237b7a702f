"""The municipality's own set-up (issue #22): its administrators keep the directorates
(`/manage/directorates…`) and the local communities (`/manage/local-communities…`) a new
municipality starts without, with no command line and no demo; one is deleted only while
nothing refers to it."""

from flask import Blueprint

bp = Blueprint("setup", __name__)
