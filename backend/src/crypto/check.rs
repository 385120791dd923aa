//! Which master key a database belongs to. The first start records the key's public id and a
//! known text encrypted with it (`master_keys`); every later start must decrypt that text, so a
//! server given a missing or wrong master key (a new `master.key` created by accident, a wrong
//! `TILLIT_MASTER_KEY`) refuses to start with a clear message instead of serving a database
//! whose TOTP seeds, webhook signing secrets and customer secrets it cannot read.

use anyhow::bail;
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::field::{self, FieldRef};
use super::{KeyPurpose, Keyring};

const CHECK_TEXT: &[u8] = b"tillit master key check v1";

fn place(id: &str) -> FieldRef<'_> {
    FieldRef {
        table: "master_keys",
        column: "key_check",
        row_id: id,
    }
}

fn sql(db: &DatabaseConnection, postgres: &str, sqlite: &str) -> String {
    match db.get_database_backend() {
        DbBackend::Postgres => postgres.to_owned(),
        _ => sqlite.to_owned(),
    }
}

/// Records the master key on first use; afterwards refuses any other key.
pub async fn master_key(db: &DatabaseConnection, keyring: &Keyring) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, key_check FROM master_keys ORDER BY created_at",
        ))
        .await?;
    let current = keyring.current_id();
    if rows.is_empty() {
        let check = field::encrypt(keyring, KeyPurpose::KeyWrapping, place(current), CHECK_TEXT);
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            sql(
                db,
                "INSERT INTO master_keys (id, key_check, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                "INSERT OR IGNORE INTO master_keys (id, key_check, created_at) VALUES (?, ?, ?)",
            ),
            [current.into(), check.into(), Utc::now().into()],
        ))
        .await?;
        return Ok(());
    }
    let mut known = Vec::new();
    for row in rows {
        let id: String = row.try_get_by_index(0)?;
        let check: String = row.try_get_by_index(1)?;
        if id == current {
            return match field::decrypt(keyring, KeyPurpose::KeyWrapping, place(&id), &check) {
                Ok(text) if text.as_slice() == CHECK_TEXT => Ok(()),
                _ => bail!(
                    "the master key check of key {id} does not decrypt: the master_keys table \
                     was altered; refusing to start"
                ),
            };
        }
        known.push(id);
    }
    bail!(
        "this database's encrypted fields belong to master key {}, but the master key in use is \
         {current}: start with the key this database was set up with (TILLIT_MASTER_KEY or \
         <data-dir>/master.key); nothing was changed",
        known.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_text_round_trips_under_the_wrapping_key() {
        let keyring = Keyring::from_bytes([0x11; 32]);
        let id = keyring.current_id().to_owned();
        let check = field::encrypt(&keyring, KeyPurpose::KeyWrapping, place(&id), CHECK_TEXT);
        let again = Keyring::from_bytes([0x11; 32]);
        let text = field::decrypt(&again, KeyPurpose::KeyWrapping, place(&id), &check).unwrap();
        assert_eq!(text.as_slice(), CHECK_TEXT);
        let other = Keyring::from_bytes([0x22; 32]);
        assert!(field::decrypt(&other, KeyPurpose::KeyWrapping, place(&id), &check).is_err());
    }
}
