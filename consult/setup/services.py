"""Directorates and local communities of the municipality being served: listed with what uses
them, added, changed and deleted while unused. Every change is audit-logged.

Plain functions over the models; they `flush()` and never commit (the view commits once).
Every query is an ORM query, so the tenancy scoping keeps it to the municipality served.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from consult.auth.models import User
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import lazy_text as _l


class SetupRefused(ValueError):
    """The change would break a rule (a code in use, a row still referred to); nothing was
    changed. `message` is the translated reason."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class DirectorateUse:
    """A directorate with how many consultations and officers it has."""

    directorate: Directorate
    consultations: int
    officers: int


@dataclass(frozen=True)
class CommunityUse:
    """A local community with how many records of any kind refer to it."""

    community: LocalCommunity
    references: int


def _counts(column: InstrumentedAttribute, *conditions) -> dict[int, int]:
    """{referred id: rows} of the ORM column `column`, counted by the id it holds."""
    query = select(column, func.count()).select_from(column.class_)
    query = query.where(column.is_not(None), *conditions)
    return {referred: count for referred, count in db.session.execute(query.group_by(column))}


def _referring_columns(model: type) -> list[InstrumentedAttribute]:
    """The attributes of every mapped model whose column holds a foreign key to `model`'s
    table (ORM attributes, so that every count stays in the municipality served)."""
    table = model.__table__
    found = []
    for mapper in db.Model.registry.mappers:
        if mapper.inherits is not None and mapper.local_table is mapper.inherits.local_table:
            continue  # single-table inheritance: its rows are counted with its base
        for column in mapper.local_table.columns:
            if any(fk.column.table is table for fk in column.foreign_keys):
                found.append(mapper.get_property_by_column(column).class_attribute)
    return found


def reference_counts(model: type) -> dict[int, int]:
    """{id of a `model` row: how many rows of any mapped model refer to it}."""
    total: dict[int, int] = {}
    for column in _referring_columns(model):
        for referred, count in _counts(column).items():
            total[referred] = total.get(referred, 0) + count
    return total


def references_to(model: type, record_id: int) -> int:
    """How many rows of every mapped model hold a foreign key to `model`'s row `record_id`
    (consultations, accounts, survey tokens, poll projects, …: whatever refers to it)."""
    return sum(
        db.session.scalar(
            select(func.count()).select_from(column.class_).where(column == record_id)
        )
        or 0
        for column in _referring_columns(model)
    )


def directorates() -> list[DirectorateUse]:
    """Every directorate of the municipality by code, with its consultations and officers."""
    consultations = _counts(Consultation.directorate_id)
    officers = _counts(User.directorate_id, User.role == "officer")
    listed = db.session.scalars(select(Directorate).order_by(Directorate.code))
    return [DirectorateUse(d, consultations.get(d.id, 0), officers.get(d.id, 0)) for d in listed]


def local_communities() -> list[CommunityUse]:
    """Every local community of the municipality in the order they were entered, with how
    many records refer to it."""
    references = reference_counts(LocalCommunity)
    listed = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id))
    return [CommunityUse(c, references.get(c.id, 0)) for c in listed]


def normal_code(code: str) -> str:
    """A directorate code as stored: without spaces around it, upper-cased."""
    return code.strip().upper()


def _code_taken(code: str, directorate: Directorate | None) -> bool:
    query = select(Directorate.id).where(Directorate.code == code)
    if directorate is not None:
        query = query.where(Directorate.id != directorate.id)
    return db.session.scalar(query) is not None


CODE_TAKEN = _l("Another directorate of the municipality has this code already.")
IN_USE = _l(
    "It cannot be deleted: consultations, accounts or other records refer to it. "
    "Change them first, or keep it."
)


def _flush_or_refuse(message) -> None:
    """Flush in a savepoint; a constraint the database refuses becomes `SetupRefused`."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as refused:
        raise SetupRefused(message) from refused


def add_directorate(code: str, name: Mapping[str, str], actor_id: int) -> Directorate:
    """A new directorate; SetupRefused when its code is taken in the municipality."""
    code = normal_code(code)
    if _code_taken(code, None):
        raise SetupRefused(CODE_TAKEN)
    directorate = Directorate(code=code, name=dict(name))
    db.session.add(directorate)
    _flush_or_refuse(CODE_TAKEN)
    record_audit("directorate.created", f"directorate:{directorate.id}", actor_id, code=code)
    return directorate


def update_directorate(
    directorate: Directorate, code: str, name: Mapping[str, str], actor_id: int
) -> None:
    """Change a directorate's code and name; SetupRefused when the code is taken."""
    code = normal_code(code)
    if _code_taken(code, directorate):
        raise SetupRefused(CODE_TAKEN)
    before = directorate.code
    directorate.code, directorate.name = code, dict(name)
    _flush_or_refuse(CODE_TAKEN)
    record_audit(
        "directorate.updated", f"directorate:{directorate.id}", actor_id, code=code, was=before
    )


def delete_directorate(directorate: Directorate, actor_id: int) -> None:
    """Delete a directorate nothing refers to; SetupRefused (nothing deleted) otherwise."""
    _delete_unused(directorate, actor_id, "directorate", code=directorate.code)


def add_local_community(name: Mapping[str, str], population: int, actor_id: int) -> LocalCommunity:
    """A new local community with its population at the last census."""
    community = LocalCommunity(name=dict(name), population=population)
    db.session.add(community)
    db.session.flush()
    record_audit("local_community.created", f"local_community:{community.id}", actor_id)
    return community


def update_local_community(
    community: LocalCommunity, name: Mapping[str, str], population: int, actor_id: int
) -> None:
    """Change a local community's name and population."""
    community.name, community.population = dict(name), population
    db.session.flush()
    record_audit("local_community.updated", f"local_community:{community.id}", actor_id)


def delete_local_community(community: LocalCommunity, actor_id: int) -> None:
    """Delete a local community nothing refers to; SetupRefused (nothing deleted) otherwise."""
    _delete_unused(community, actor_id, "local_community")


def _delete_unused(
    record: Directorate | LocalCommunity, actor_id: int, kind: str, **details
) -> None:
    """Delete `record` when no row refers to it: checked first, and the database's own
    refusal (a reference the check cannot see) is caught as well."""
    if references_to(type(record), record.id):
        raise SetupRefused(IN_USE)
    target = f"{kind}:{record.id}"
    db.session.delete(record)
    _flush_or_refuse(IN_USE)
    record_audit(f"{kind}.deleted", target, actor_id, **details)
