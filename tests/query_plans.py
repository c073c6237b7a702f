"""PostgreSQL's plan of a statement built once with bound parameters (the sealing rewrites)."""

from consult.extensions import db


def explained(statement, values: dict) -> str:
    """The plan of `statement` with its bound `values`, sequential scans ruled out (the test
    tables are small: the planner would read them whole whatever the indexes). Nothing runs."""
    compiled = statement.compile(dialect=db.engine.dialect)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        rows = connection.exec_driver_sql(
            f"EXPLAIN {compiled}", compiled.construct_params(values)
        ).scalars()
        plan = "\n".join(rows)
        connection.rollback()
    return plan


def index_condition(plan: str, index: str) -> str:
    """The condition the plan reads `index` with ("" when the plan does not use it)."""
    lines = plan.splitlines()
    for number, line in enumerate(lines):
        if f" {index} " in f"{line} " and "Index" in line:
            for after in lines[number + 1 :]:
                if "Index Cond:" in after:
                    return after.split("Index Cond:", 1)[1].strip()
            return ""
    return ""
