"""Schema migrations: head matches the models; an old collection upgrades with nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from studyapp.db import migrate, revisions
from studyapp.db.backup import list_backups
from studyapp.db.collection import open_collection
from studyapp.db.models import Base
from studyapp.db.sqlite import create_wal_file, make_engine


def test_migrations_produce_exactly_the_models(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    create_wal_file(path)
    engine = make_engine(path)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def _fill_revision_0001(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            INSERT INTO decks VALUES (1, 'CS231n', 't', NULL, '2025-12-24', 6, '{}', 1, NULL);
            INSERT INTO decks VALUES (2, 'Other', 'o', NULL, NULL, NULL, '{}', 1, NULL);
            INSERT INTO lectures VALUES (1, 1, 2, 'Linear', '["SVM"]');
            INSERT INTO cards VALUES (1, 1, 1, 'qa', 'T', '질문?', '답변.', 5, 0, 0, 2, NULL,
                                      3.5, 5.0, 1767225600000, 1767000000000, 3, 1, 1, 1);
            INSERT INTO review_log VALUES (1, 1, 1767000000000, 3, 4200, 1, 2, 1, 1767225600000,
                                           3.5, 5.0, '{"state": 1}');
            INSERT INTO roadmap_weeks VALUES (1, 1, 1, '완료');
            INSERT INTO roadmap_items VALUES (1, 1, 0, '강의 1강', 1);
            INSERT INTO daily_log_entries VALUES (1, 1, 0, '2025-12-24', '2026-01-08');
            INSERT INTO daily_log_items VALUES (1, 1, 0, 'Lecture 1~9 수강', '[1,2]', NULL);
            INSERT INTO settings VALUES ('rollover_hour', '5');
            """
        )


def _columns(path: Path, tables: list[str]) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info('{t}')")] for t in tables}


def _dump(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    # Only the columns given: a later revision may add some (0004: cards.anki_guid).
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT {', '.join(c)} FROM {t} ORDER BY 1").fetchall()
            for t, c in columns.items()
        }


def test_collection_at_first_revision_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    create_wal_file(path)
    engine = make_engine(path)
    migrate.upgrade(engine, "0001")
    engine.dispose()
    _fill_revision_0001(path)
    tables = [
        "decks",
        "lectures",
        "cards",
        "review_log",
        "roadmap_weeks",
        "roadmap_items",
        "daily_log_entries",
        "daily_log_items",
        "settings",
    ]
    columns = _columns(path, tables)
    before = _dump(path, columns)

    with open_collection(tmp_path) as col:  # opening upgrades to head
        with col.connection() as conn:
            assert revisions.current_revision(conn) == revisions.head_revision()
        assert col.setting("rollover_hour") == 5

    after = _dump(path, columns)
    # opening also records the day's backup; everything that was there is unchanged
    after["settings"] = [row for row in after["settings"] if row[0] != "last_daily_backup"]
    assert after == before
    with sqlite3.connect(path) as conn:
        configs = conn.execute("SELECT deck_id, desired_retention, new_per_day FROM deck_config")
        assert sorted(configs.fetchall()) == [(1, 0.9, 20), (2, 0.9, 20)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    backups = list_backups(tmp_path / "backups")
    assert any("before-" in b.name for b in backups), "no backup taken before the upgrade"
    with sqlite3.connect(next(b for b in backups if "before-" in b.name)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_the_start_up_mirrors_agree_with_alembic_and_the_models() -> None:
    # revisions.py reads the head from file names and lists the head's tables without
    # importing SQLAlchemy; both must stay what alembic and the models say.
    assert revisions.head_revision() == migrate.alembic_head()
    assert revisions.known_revisions() == tuple(sorted(revisions.known_revisions()))
    assert set(Base.metadata.tables) | {"alembic_version"} == revisions.HEAD_TABLES
