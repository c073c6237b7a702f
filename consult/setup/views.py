"""Routes of the municipality's set-up, for its administrators: the directorates and the local
communities, each listed with what uses it, added, edited, and deleted while unused."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.auth.services import role_required
from consult.core.models import Directorate, LocalCommunity
from consult.core.records import record_or_none
from consult.extensions import db
from consult.setup import bp, services
from consult.setup.forms import DeleteForm, DirectorateForm, LocalCommunityForm


def _record_or_404(model: type, record_id: int):
    record = record_or_none(model, record_id)
    if record is None:
        abort(404)
    return record


def _status(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


# ---------------------------------------------------------------- directorates


@bp.route("/manage/directorates")
@role_required("admin")
def directorates():
    """The directorates, with how many consultations and officers each has."""
    return render_template(
        "setup/directorates.html", rows=services.directorates(), delete=DeleteForm()
    )


@bp.route("/manage/directorates/new", methods=["GET", "POST"])
@role_required("admin")
def new_directorate():
    """Add a directorate: its code and its name in every language."""
    form = DirectorateForm()
    if form.validate_on_submit():
        added = _saved_directorate(
            form,
            lambda: services.add_directorate(form.code.data, form.texts("name"), current_user.id),
            _("The directorate is added."),
        )
        if added:
            return redirect(url_for("setup.directorates"))
    return render_template("setup/directorate.html", form=form, directorate=None), _status(form)


@bp.route("/manage/directorates/<int:directorate_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_directorate(directorate_id: int):
    """Change a directorate's code or name."""
    directorate = _record_or_404(Directorate, directorate_id)
    form = DirectorateForm()
    if request.method == "GET":
        form.code.data = directorate.code
        form.fill_texts("name", directorate.name)
    if form.validate_on_submit():
        saved = _saved_directorate(
            form,
            lambda: services.update_directorate(
                directorate, form.code.data, form.texts("name"), current_user.id
            ),
            _("The directorate is saved."),
        )
        if saved:
            return redirect(url_for("setup.directorates"))
    return render_template("setup/directorate.html", form=form, directorate=directorate), _status(
        form
    )


def _saved_directorate(form: DirectorateForm, save, done: str) -> bool:
    """Run `save` (adding or changing a directorate) and commit, saying `done`; a refusal
    (a code in use) is shown on the code field and changes nothing."""
    try:
        save()
    except services.SetupRefused as refused:
        db.session.rollback()
        form.code.errors.append(str(refused.message))
        return False
    db.session.commit()
    flash(done, "success")
    return True


@bp.route("/manage/directorates/<int:directorate_id>/delete", methods=["POST"])
@role_required("admin")
def delete_directorate(directorate_id: int):
    """Delete a directorate nothing refers to; otherwise say why not and change nothing."""
    directorate = _record_or_404(Directorate, directorate_id)
    _delete(services.delete_directorate, directorate, _("The directorate is deleted."))
    return redirect(url_for("setup.directorates"))


def _delete(delete, record: object, done: str) -> None:
    """Delete `record` with the service `delete` when the form is sent, and say how it went
    (a refusal changes nothing)."""
    if not DeleteForm().validate_on_submit():
        return
    try:
        delete(record, current_user.id)
    except services.SetupRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
    else:
        db.session.commit()
        flash(done, "success")


# ---------------------------------------------------------------- local communities


@bp.route("/manage/local-communities")
@role_required("admin")
def local_communities():
    """The local communities, with their population and how many records refer to each."""
    return render_template(
        "setup/local_communities.html", rows=services.local_communities(), delete=DeleteForm()
    )


@bp.route("/manage/local-communities/new", methods=["GET", "POST"])
@role_required("admin")
def new_local_community():
    """Add a local community: its name in every language and its population."""
    form = LocalCommunityForm()
    if form.validate_on_submit():
        services.add_local_community(form.texts("name"), form.population.data, current_user.id)
        db.session.commit()
        flash(_("The local community is added."), "success")
        return redirect(url_for("setup.local_communities"))
    return render_template("setup/local_community.html", form=form, community=None), _status(form)


@bp.route("/manage/local-communities/<int:community_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_local_community(community_id: int):
    """Change a local community's name or population."""
    community = _record_or_404(LocalCommunity, community_id)
    form = LocalCommunityForm()
    if request.method == "GET":
        form.population.data = community.population
        form.fill_texts("name", community.name)
    if form.validate_on_submit():
        services.update_local_community(
            community, form.texts("name"), form.population.data, current_user.id
        )
        db.session.commit()
        flash(_("The local community is saved."), "success")
        return redirect(url_for("setup.local_communities"))
    return render_template("setup/local_community.html", form=form, community=community), _status(
        form
    )


@bp.route("/manage/local-communities/<int:community_id>/delete", methods=["POST"])
@role_required("admin")
def delete_local_community(community_id: int):
    """Delete a local community nothing refers to; otherwise say why not and change nothing."""
    community = _record_or_404(LocalCommunity, community_id)
    _delete(services.delete_local_community, community, _("The local community is deleted."))
    return redirect(url_for("setup.local_communities"))
