use chrono::{DateTime, Utc};
use rocket::{Build, Rocket};
use rocket_sync_db_pools::database;
use rocket_sync_db_pools::rusqlite::{self, params, Connection, OptionalExtension};

use crate::notes::{NewNote, Note};

#[database("notes")]
pub struct NotesDb(Connection);

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS notes (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        owner      TEXT NOT NULL,
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        viewed_at  TEXT
    );
    CREATE INDEX IF NOT EXISTS notes_owner ON notes (owner);
";

/// Ignite fairing: creates the schema before the server accepts requests.
pub async fn migrate(rocket: Rocket<Build>) -> Rocket<Build> {
    let db = NotesDb::get_one(&rocket).await.expect("database is configured");
    db.run(|conn| conn.execute_batch(SCHEMA)).await.expect("schema can be created");
    rocket
}

fn row_to_note(row: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let created_at: String = row.get(4)?;
    Ok(Note {
        id: row.get(0)?,
        owner: row.get(1)?,
        title: row.get(2)?,
        body: row.get(3)?,
        created_at: DateTime::parse_from_rfc3339(&created_at).unwrap().with_timezone(&Utc), // expect: unwrap-in-request-path
    })
}

pub fn list_notes(conn: &Connection, owner: &str) -> rusqlite::Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, title, body, created_at FROM notes WHERE owner = ?1 ORDER BY id DESC LIMIT 200",
    )?;
    let notes = stmt.query_map(params![owner], |row| row_to_note(row))?.collect();
    notes
}

pub fn find_note(conn: &Connection, owner: &str, id: i64) -> rusqlite::Result<Option<Note>> {
    conn.query_row(
        "SELECT id, owner, title, body, created_at FROM notes WHERE owner = ?1 AND id = ?2",
        params![owner, id],
        |row| row_to_note(row),
    )
    .optional()
}

pub fn insert_note(conn: &Connection, owner: &str, note: &NewNote) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO notes (owner, title, body, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![owner, note.title, note.body, Utc::now().to_rfc3339()],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn delete_note(conn: &Connection, owner: &str, id: i64) -> rusqlite::Result<bool> {
    let deleted = conn.execute("DELETE FROM notes WHERE owner = ?1 AND id = ?2", params![owner, id])?;
    Ok(deleted > 0)
}

/// Adds tags to a note, one INSERT per tag.
pub fn tag_note(conn: &Connection, id: i64, tags: &[String]) -> rusqlite::Result<()> {
    for tag in tags {
        conn.execute("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?1, ?2)", params![id, tag])?; // expect: query-in-loop
    }
    Ok(())
}

/// Notes whose tag list mentions `tag`.
pub fn notes_tagged(conn: &Connection, owner: &str, tag: &str) -> rusqlite::Result<Vec<Note>> {
    let sql = format!(
        "SELECT id, owner, title, body, created_at FROM notes WHERE owner = ?1 AND tags LIKE '%{}%' LIMIT 200",
        tag
    );
    let mut stmt = conn.prepare(&sql)?; // expect: sql-injection
    let notes = stmt.query_map(params![owner], |row| row_to_note(row))?.collect();
    notes
}

pub fn count_notes(conn: &Connection, owner: &str) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM notes WHERE owner = ?1", params![owner], |row| row.get(0))
}

/// Records that a note was read. Readers must never fail because of it.
pub fn mark_viewed(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    match conn.execute("UPDATE notes SET viewed_at = ?1 WHERE id = ?2", params![Utc::now().to_rfc3339(), id]) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(failure, _)) if failure.code == rusqlite::ErrorCode::DatabaseBusy => Ok(()),
        Err(_) => Ok(()), // expect: swallowed-error
    }
}
