"""The participant's copy of the person's name, kept by the database (issue 14, docs/data-protection.md).

The board and the participants list (page and API) sort a project's participants main first, then by
name. Sorting by the person's name means joining every participant of the project to the registry and
sorting them all to keep fifty (at 10 000 participants and 20 000 people: 13 ms a page, more as the
registry grows). `Participant.sort_last_name` / `sort_first_name` hold a copy of the name, and on
PostgreSQL with the ICU collation an index (project, role, last name, first name, id) in Polish order gives
the page in a fraction of a millisecond (the plan in docs/architecture.md).

Triggers keep the copies: on every insert (bulk inserts too), whenever an UPDATE names the participant's
person or the copies themselves (whatever is written there is replaced by the person's name), and
whenever a person's name changes (an anonymised person's copies are anonymised with them). SQLite drops
a table's triggers when Django rebuilds the table in a later migration, so on SQLite they are created
again after every migrate (apps.RecruitmentConfig, post_migrate). The index is not in the model's state,
as people 0007's: Django cannot describe an index whose collation may be missing.
"""

INDEX = "participant_name_pl_order_idx"

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION recruitment_participant_copy_name() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.sort_last_name := COALESCE((SELECT last_name FROM people_person WHERE id = NEW.person_id), '');
        NEW.sort_first_name := COALESCE((SELECT first_name FROM people_person WHERE id = NEW.person_id), '');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE OR REPLACE TRIGGER recruitment_participant_copy_name
    BEFORE INSERT OR UPDATE OF person_id, sort_last_name, sort_first_name ON recruitment_participant
    FOR EACH ROW EXECUTE FUNCTION recruitment_participant_copy_name()
    """,
    """
    CREATE OR REPLACE FUNCTION people_person_copy_name() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE recruitment_participant
        SET sort_last_name = NEW.last_name, sort_first_name = NEW.first_name
        WHERE person_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE TRIGGER people_person_copy_name
    AFTER UPDATE OF last_name, first_name ON people_person
    FOR EACH ROW
    WHEN (OLD.last_name IS DISTINCT FROM NEW.last_name OR OLD.first_name IS DISTINCT FROM NEW.first_name)
    EXECUTE FUNCTION people_person_copy_name()
    """,
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS people_person_copy_name ON people_person",
    "DROP FUNCTION IF EXISTS people_person_copy_name()",
    "DROP TRIGGER IF EXISTS recruitment_participant_copy_name ON recruitment_participant",
    "DROP FUNCTION IF EXISTS recruitment_participant_copy_name()",
    f"DROP INDEX IF EXISTS {INDEX}",
]

_COPY_SQLITE = """
    UPDATE recruitment_participant
    SET sort_last_name = COALESCE((SELECT last_name FROM people_person WHERE id = NEW.person_id), ''),
        sort_first_name = COALESCE((SELECT first_name FROM people_person WHERE id = NEW.person_id), '')
    WHERE id = NEW.id;
"""

SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS recruitment_participant_copy_name_insert
    AFTER INSERT ON recruitment_participant
    BEGIN {_COPY_SQLITE} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS recruitment_participant_copy_name_update
    AFTER UPDATE OF person_id, sort_last_name, sort_first_name ON recruitment_participant
    BEGIN {_COPY_SQLITE} END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS people_person_copy_name
    AFTER UPDATE OF last_name, first_name ON people_person
    BEGIN
        UPDATE recruitment_participant
        SET sort_last_name = NEW.last_name, sort_first_name = NEW.first_name
        WHERE person_id = NEW.id;
    END
    """,
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS people_person_copy_name",
    "DROP TRIGGER IF EXISTS recruitment_participant_copy_name_update",
    "DROP TRIGGER IF EXISTS recruitment_participant_copy_name_insert",
]

BACKFILL = """
    UPDATE recruitment_participant
    SET sort_last_name = COALESCE((SELECT last_name FROM people_person WHERE id = person_id), ''),
        sort_first_name = COALESCE((SELECT first_name FROM people_person WHERE id = person_id), '')
"""


def create(connection) -> None:
    """The triggers, the copies written anew and (PostgreSQL with ICU) the index; idempotent on SQLite,
    where it runs after every migrate."""
    if connection.vendor == "postgresql":
        statements = POSTGRESQL
    elif connection.vendor == "sqlite":
        statements = SQLITE
    else:
        raise RuntimeError(f"no triggers for {connection.vendor}: the participants' order needs them")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        # Through the triggers: the copies are written with what the person's row holds.
        cursor.execute(BACKFILL)
        if connection.vendor != "postgresql":
            return
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'pl-x-icu'")
        if cursor.fetchone() is None:
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON recruitment_participant "
            '(project_id, role, sort_last_name COLLATE "pl-x-icu", sort_first_name COLLATE "pl-x-icu", id)'
        )


def drop(connection) -> None:
    statements = POSTGRESQL_DROP if connection.vendor == "postgresql" else SQLITE_DROP
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
