//! Substring search over customers and their contact persons.
//!
//! Each customer has a `search_doc`: its number, names, e-mail, phone and identity number and
//! those of its active contacts, folded by [`text::fold`] (lower case, accents removed, æ→ae,
//! ø→o) with phone and identity numbers also as bare digits. The query is folded the same way
//! and split into terms; every term must occur as a substring.
//!
//! - SQLite: a contentless FTS5 `trigram` table keyed by customer number serves terms of three
//!   or more characters; shorter terms filter the candidates with `instr`.
//! - PostgreSQL: a pg_trgm GIN index on `search_doc` serves `LIKE '%term%'`.
//! - A query whose terms are all shorter than three characters is a prefix search on the
//!   folded display name (a B-tree range), plus an exact customer-number match.
//!
//! Ranking: exact customer number, then exact e-mail (customer or contact), then alphabetical by
//! display name. The alphabetical part is served in index order so a page is found without
//! sorting every match: on PostgreSQL the planner chooses; on SQLite a capped FTS probe decides
//! between sorting the (few) FTS matches and walking the name index with `instr` filters (for
//! common fragments, where the first page turns up within a few rows).

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, Statement,
    Value,
};
use uuid::Uuid;

use crate::domain::text;
use crate::entities::{contact, customer};
use crate::error::AppResult;

const MAX_QUERY_CHARS: usize = 200;
const MAX_TERMS: usize = 8;

pub struct SearchPage {
    pub customers: Vec<customer::Model>,
    pub has_next_page: bool,
}

/// The forms of a phone number people type: E.164 digits and the national form.
fn phone_forms(e164: &str) -> Vec<String> {
    let digits = text::digits(e164);
    let mut forms = vec![digits.clone()];
    for (code, trunk) in [("46", "0"), ("358", "0"), ("47", ""), ("45", "")] {
        if let Some(national) = digits.strip_prefix(code) {
            forms.push(format!("{trunk}{national}"));
            break;
        }
    }
    forms
}

/// Builds the folded search document of a customer and its active contacts.
pub fn build_doc(customer: &customer::Model, contacts: &[contact::Model]) -> String {
    let mut parts: Vec<String> = vec![
        customer.number.to_string(),
        text::fold(&customer.display_name),
    ];
    if let Some(email) = &customer.email {
        parts.push(text::fold(email));
    }
    if let Some(phone) = &customer.phone {
        parts.extend(phone_forms(phone));
    }
    if let Some(id) = &customer.identity_number {
        parts.push(text::fold(id));
        parts.push(text::digits(id));
    }
    for c in contacts.iter().filter(|c| !c.archived) {
        parts.push(text::fold(&c.name));
        if let Some(email) = &c.email {
            parts.push(text::fold(email));
        }
        if let Some(phone) = &c.phone {
            parts.extend(phone_forms(phone));
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" | ")
}

/// Rewrites the search document (and the SQLite FTS row) of one customer. Call inside the
/// transaction that changed the customer or its contacts.
pub async fn reindex(db: &impl ConnectionTrait, customer_id: Uuid) -> AppResult<()> {
    let Some(found) = customer::Entity::find_by_id(customer_id).one(db).await? else {
        return Ok(());
    };
    let contacts = contact::Entity::find()
        .filter(contact::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?;
    let doc = if found.state == super::CustomerState::Anonymized.as_str() {
        String::new()
    } else {
        build_doc(&found, &contacts)
    };
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        match backend {
            DbBackend::Postgres => "UPDATE customers SET search_doc = $1 WHERE id = $2",
            _ => "UPDATE customers SET search_doc = ? WHERE id = ?",
        },
        [doc.clone().into(), customer_id.into()],
    ))
    .await?;
    if backend == DbBackend::Sqlite {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM customer_search WHERE rowid = ?",
            [found.number.into()],
        ))
        .await?;
        if !doc.is_empty() {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO customer_search (rowid, doc) VALUES (?, ?)",
                [found.number.into(), doc.into()],
            ))
            .await?;
        }
    }
    Ok(())
}

/// A parsed search: folded terms plus the exact forms used for ranking.
#[derive(Debug, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<String>,
    pub number: Option<i64>,
}

impl Query {
    pub fn parse(input: &str) -> Option<Query> {
        let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
        let folded = text::fold(&input);
        if folded.is_empty() {
            return None;
        }
        let phone_like = folded
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()/".contains(c))
            && folded.chars().any(|c| c.is_ascii_digit());
        let mut terms: Vec<String> = if phone_like {
            vec![text::digits(&folded)]
        } else {
            folded
                .split(' ')
                .map(|t| {
                    // "556036-0793" and "070-123" are matched as digits.
                    if t.chars().all(|c| c.is_ascii_digit() || c == '-') && t.contains('-') {
                        text::digits(t)
                    } else {
                        t.to_owned()
                    }
                })
                .filter(|t| !t.is_empty())
                .collect()
        };
        terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        terms.dedup();
        terms.truncate(MAX_TERMS);
        let number = input.trim().parse::<i64>().ok().filter(|n| *n > 0);
        Some(Query { terms, number })
    }
}

fn like_escape(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Binds values with the placeholder style of the backend.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DbBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, sql: &str) -> &mut Sql {
        self.text.push_str(sql);
        self
    }

    fn bind(&mut self, value: impl Into<Value>) -> &mut Sql {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                let n = self.values.len();
                self.text.push_str(&format!("${n}"));
            }
            _ => self.text.push('?'),
        }
        self
    }

    fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

fn state_filter(include_archived: bool) -> &'static str {
    if include_archived {
        "c.state IN ('active', 'archived')"
    } else {
        "c.state = 'active'"
    }
}

/// On SQLite, a term matching at least this many customers is "common": walking the name index
/// and filtering finds a page sooner than collecting and sorting every match.
const DENSE_THRESHOLD: i64 = 2_000;

fn fts_expression(terms: &[&String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Exact matches of the whole query: the customer number, or the e-mail of the customer or of
/// one of its active contacts. Few rows, all found through unique or plain indexes.
async fn pinned(
    db: &impl ConnectionTrait,
    q: &Query,
    raw: &str,
    include_archived: bool,
) -> AppResult<Vec<customer::Model>> {
    let email = raw.trim().to_lowercase();
    if q.number.is_none() && !email.contains('@') {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT c.* FROM customers c WHERE ")
        .push(state_filter(include_archived))
        .push(" AND (c.number = ")
        .bind(q.number.unwrap_or(-1))
        .push(" OR c.email = ")
        .bind(email.clone())
        .push(" OR c.id IN (SELECT k.customer_id FROM contacts k WHERE k.email = ")
        .bind(email)
        .push(" AND NOT k.archived)) ORDER BY CASE WHEN c.number = ")
        .bind(q.number.unwrap_or(-1))
        .push(" THEN 0 ELSE 1 END, c.sort_name, c.number LIMIT 20");
    Ok(customer::Model::find_by_statement(sql.build())
        .all(db)
        .await?)
}

/// Is the (SQLite) FTS match set for these terms large?
async fn is_dense(db: &impl ConnectionTrait, terms: &[&String]) -> AppResult<bool> {
    let mut sql = Sql::new(DbBackend::Sqlite);
    sql.push(
        "SELECT COUNT(*) FROM (SELECT rowid FROM customer_search WHERE customer_search MATCH ",
    )
    .bind(fts_expression(terms))
    .push(" LIMIT ")
    .bind(DENSE_THRESHOLD)
    .push(")");
    let row = db.query_one_raw(sql.build()).await?;
    let count: i64 = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => 0,
    };
    Ok(count >= DENSE_THRESHOLD)
}

/// Everything matching the query except `exclude`, alphabetically, one page.
async fn matching(
    db: &impl ConnectionTrait,
    q: &Query,
    include_archived: bool,
    exclude: &[Uuid],
    offset: u64,
    limit: u64,
) -> AppResult<Vec<customer::Model>> {
    let backend = db.get_database_backend();
    let (long, short): (Vec<&String>, Vec<&String>) =
        q.terms.iter().partition(|t| t.chars().count() >= 3);
    let dense = backend == DbBackend::Sqlite && !long.is_empty() && is_dense(db, &long).await?;
    let mut sql = Sql::new(backend);
    sql.push("SELECT c.* FROM customers c ");
    if dense {
        // Walk the name index in order and stop after one page.
        sql.push("INDEXED BY idx_customers_sort ");
    }
    sql.push("WHERE ").push(state_filter(include_archived));
    if long.is_empty() {
        // Only one- and two-character terms: a prefix of the name.
        let prefix = short
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        match backend {
            DbBackend::Postgres => {
                sql.push(" AND c.sort_name LIKE ")
                    .bind(format!("{}%", like_escape(&prefix)))
                    .push(" ESCAPE '\\'");
            }
            _ => {
                sql.push(" AND c.sort_name >= ")
                    .bind(prefix.clone())
                    .push(" AND c.sort_name < ")
                    .bind(format!("{prefix}\u{10FFFF}"));
            }
        }
    } else {
        for t in &long {
            match backend {
                DbBackend::Postgres => {
                    sql.push(" AND c.search_doc LIKE ")
                        .bind(format!("%{}%", like_escape(t)))
                        .push(" ESCAPE '\\'");
                }
                _ if dense => {
                    sql.push(" AND instr(c.search_doc, ")
                        .bind(t.to_string())
                        .push(") > 0");
                }
                _ => {}
            }
        }
        if backend != DbBackend::Postgres && !dense {
            sql.push(
                " AND c.number IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ",
            )
            .bind(fts_expression(&long))
            .push(")");
        }
        for t in &short {
            sql.push(match backend {
                DbBackend::Postgres => " AND strpos(c.search_doc, ",
                _ => " AND instr(c.search_doc, ",
            })
            .bind(t.to_string())
            .push(") > 0");
        }
    }
    for id in exclude {
        sql.push(" AND c.id <> ").bind(*id);
    }
    sql.push(" ORDER BY c.sort_name, c.number LIMIT ")
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .push(" OFFSET ")
        .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    Ok(customer::Model::find_by_statement(sql.build())
        .all(db)
        .await?)
}

/// One page of customers matching `term` (all customers by name without a term). Exact number
/// and e-mail matches come first, then the rest alphabetically.
pub async fn search(
    db: &impl ConnectionTrait,
    term: Option<&str>,
    include_archived: bool,
    offset: u64,
    limit: u64,
) -> AppResult<SearchPage> {
    let wanted = limit + 1;
    let Some((q, raw)) = term.and_then(|t| Query::parse(t).map(|q| (q, t))) else {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("SELECT c.* FROM customers c WHERE ")
            .push(state_filter(include_archived))
            .push(" ORDER BY c.sort_name, c.number LIMIT ")
            .bind(i64::try_from(wanted).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX));
        let rows = customer::Model::find_by_statement(sql.build())
            .all(db)
            .await?;
        return Ok(page(rows, limit));
    };
    let pinned = pinned(db, &q, raw, include_archived).await?;
    let pinned_count = pinned.len() as u64;
    let exclude: Vec<Uuid> = pinned.iter().map(|c| c.id).collect();
    let mut rows: Vec<customer::Model> = pinned
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(wanted).unwrap_or(usize::MAX))
        .collect();
    let missing = wanted - rows.len() as u64;
    if missing > 0 {
        let rest_offset = offset.saturating_sub(pinned_count);
        rows.extend(matching(db, &q, include_archived, &exclude, rest_offset, missing).await?);
    }
    Ok(page(rows, limit))
}

fn page(mut rows: Vec<customer::Model>, limit: u64) -> SearchPage {
    let has_next_page = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    SearchPage {
        customers: rows,
        has_next_page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_like_queries_become_one_digit_term() {
        let q = Query::parse("070-123 45").unwrap();
        assert_eq!(q.terms, vec!["07012345".to_owned()]);
        assert_eq!(q.number, None);
    }

    #[test]
    fn numbers_rank_exactly_and_words_are_folded() {
        let q = Query::parse("10234").unwrap();
        assert_eq!(q.number, Some(10234));
        let q = Query::parse("  Björn  ÅSTRÖM ").unwrap();
        assert_eq!(q.terms, vec!["astrom".to_owned(), "bjorn".to_owned()]);
        assert!(Query::parse("   ").is_none());
    }

    #[test]
    fn national_phone_forms() {
        assert_eq!(
            phone_forms("+46701234567"),
            vec!["46701234567", "0701234567"]
        );
        assert_eq!(phone_forms("+4791234567"), vec!["4791234567", "91234567"]);
    }
}
