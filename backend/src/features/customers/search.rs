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
//! display name (byte order on both engines). The alphabetical part runs in two phases: at most
//! 2 000 candidates `(number, name)` are read from the index (the trigram GIN index on
//! PostgreSQL; on SQLite the FTS table's rowids, filtered through a covering index that also
//! holds `search_doc`, so terms under three characters are checked without reading customer
//! rows); if that is all of them they are sorted in memory and one page of rows is loaded. More
//! than that means a common fragment, whose first page is found by walking the name index in
//! order.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, Statement,
};
use uuid::Uuid;

use crate::db::Sql;
use crate::domain::text;
use crate::entities::{contact, customer};
use crate::error::{AppError, AppResult};
use crate::features::access::CustomerScope;

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

/// Removes anonymized customers from the SQLite FTS table (a statement per thousand); their
/// `search_doc` is emptied by the anonymization's own update of the row, as [`reindex`] would.
pub async fn forget(db: &impl ConnectionTrait, customers: &[&customer::Model]) -> AppResult<()> {
    let backend = db.get_database_backend();
    if backend != DbBackend::Sqlite {
        return Ok(());
    }
    for chunk in customers.chunks(crate::db::IN_LIST_MAX) {
        let mut sql = Sql::new(backend);
        sql.push("DELETE FROM customer_search WHERE rowid IN (");
        for (i, c) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(c.number);
        }
        sql.push(")");
        db.execute_raw(sql.build()).await?;
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
        // Only separators ("-", "--"): no search at all, like an empty one.
        if terms.is_empty() && number.is_none() {
            return None;
        }
        Some(Query { terms, number })
    }
}

fn like_escape(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Sql {
    /// The state filter and need-to-know, on the customers aliased `c`.
    fn push_filters(&mut self, include_archived: bool, scope: &CustomerScope) -> &mut Sql {
        self.push(state_filter(include_archived));
        crate::features::access::service::push_scope(self, scope, "c");
        self
    }
}

fn state_filter(include_archived: bool) -> &'static str {
    if include_archived {
        "c.state IN ('active', 'archived')"
    } else {
        "c.state = 'active'"
    }
}

/// Up to this many matches are collected and sorted in memory; beyond it a term is "common" and
/// the name index is walked instead (a page of a common term turns up within a few rows).
const CANDIDATE_CAP: usize = 2_000;

/// SQLite: how many customers matching the long terms are checked for the short ones (which the
/// trigram index cannot find) through the covering index before the name index is walked
/// instead. Short words ("AB", "IT", initials) can make a common long term's matches rare, and a
/// walk then reads most of the table ("Johansson IT AB": 44 000 rows, 485 ms at 100 000
/// customers, against 5 ms for checking its 2 938 candidates).
const SHORT_TERM_CAP: usize = 10_000;

/// The name order: byte order on both engines (SQLite BINARY, PostgreSQL `COLLATE "C"`), which
/// is also Rust's `String` order used when sorting candidates in memory.
fn name_order(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => " ORDER BY c.sort_name COLLATE \"C\", c.number",
        _ => " ORDER BY c.sort_name, c.number",
    }
}

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
    scope: &CustomerScope,
    q: &Query,
    raw: &str,
    include_archived: bool,
) -> AppResult<Vec<customer::Model>> {
    let email = raw.trim().to_lowercase();
    let by_email = email.contains('@');
    if q.number.is_none() && !by_email {
        return Ok(Vec::new());
    }
    // One index lookup per kind of exact match: an OR across them makes PostgreSQL scan the table.
    enum Lookup {
        Number(i64),
        Email,
        ContactEmail,
    }
    let mut lookups = Vec::new();
    if let Some(number) = q.number {
        lookups.push(Lookup::Number(number));
    }
    if by_email {
        lookups.extend([Lookup::Email, Lookup::ContactEmail]);
    }
    let mut sql = Sql::new(db.get_database_backend());
    for (i, lookup) in lookups.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT c.* FROM customers c WHERE ")
            .push_filters(include_archived, scope);
        match lookup {
            Lookup::Number(number) => {
                sql.push(" AND c.number = ").bind(*number);
            }
            Lookup::Email => {
                sql.push(" AND c.email = ").bind(email.clone());
            }
            Lookup::ContactEmail => {
                sql.push(" AND c.id IN (SELECT k.customer_id FROM contacts k WHERE k.email = ")
                    .bind(email.clone())
                    .push(" AND NOT k.archived)");
            }
        }
    }
    let mut rows = customer::Model::find_by_statement(sql.build())
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    rows.retain(|c| seen.insert(c.number));
    let number = q.number.unwrap_or(-1);
    rows.sort_by(|a, b| {
        (a.number != number, &a.sort_name, a.number).cmp(&(
            b.number != number,
            &b.sort_name,
            b.number,
        ))
    });
    rows.truncate(20);
    Ok(rows)
}

/// `(number, sort_name)` of every customer matching the long terms, or `None` if there are more
/// than [`CANDIDATE_CAP`].
async fn candidates(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    long: &[&String],
    short: &[&String],
    include_archived: bool,
) -> AppResult<Option<Vec<(i64, String)>>> {
    let backend = db.get_database_backend();
    let cap = i64::try_from(CANDIDATE_CAP + 1).unwrap_or(i64::MAX);
    let mut sql = Sql::new(backend);
    if backend == DbBackend::Postgres {
        sql.push("SELECT c.number, c.sort_name FROM customers c WHERE ")
            .push_filters(include_archived, scope);
        for t in long {
            sql.push(" AND c.search_doc LIKE ")
                .bind(format!("%{}%", like_escape(t)))
                .push(" ESCAPE '\\'");
        }
        for t in short {
            sql.push(" AND strpos(c.search_doc, ")
                .bind(t.to_string())
                .push(") > 0");
        }
        sql.push(" LIMIT ").bind(cap);
        let rows = number_name_rows(db, sql.build()).await?;
        return Ok((rows.len() <= CANDIDATE_CAP).then_some(rows));
    }
    // SQLite: the FTS index names the customers matching the long terms, reading rowids only
    // (tens of thousands in a few milliseconds) …
    let fts_cap = if short.is_empty() {
        CANDIDATE_CAP
    } else {
        SHORT_TERM_CAP
    };
    sql.push("SELECT rowid FROM customer_search WHERE customer_search MATCH ")
        .bind(fts_expression(long))
        .push(" LIMIT ")
        .bind(i64::try_from(fts_cap + 1).unwrap_or(i64::MAX));
    let numbers: Vec<i64> = db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    if numbers.len() > fts_cap {
        return Ok(None);
    }
    if numbers.is_empty() {
        return Ok(Some(Vec::new()));
    }
    // … and the covering index filters them by state, need-to-know and the short terms and names
    // them, without reading a customer row (one bound JSON array instead of thousands of
    // parameters).
    let numbers = serde_json::to_string(&numbers).map_err(AppError::internal)?;
    let mut sql = Sql::new(backend);
    sql.push("SELECT c.number, c.sort_name FROM customers c INDEXED BY idx_customers_search_cover WHERE ")
        .push_filters(include_archived, scope)
        .push(" AND c.number IN (SELECT value FROM json_each(")
        .bind(numbers)
        .push("))");
    for t in short {
        sql.push(" AND instr(c.search_doc, ")
            .bind(t.to_string())
            .push(") > 0");
    }
    sql.push(" LIMIT ").bind(cap);
    let rows = number_name_rows(db, sql.build()).await?;
    Ok((rows.len() <= CANDIDATE_CAP).then_some(rows))
}

async fn number_name_rows(
    db: &impl ConnectionTrait,
    stmt: Statement,
) -> AppResult<Vec<(i64, String)>> {
    Ok(db
        .query_all_raw(stmt)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<i64>(0)?,
                r.try_get_by_index::<String>(1)?,
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()?)
}

/// Full rows for `numbers`, in that order.
async fn by_numbers(db: &impl ConnectionTrait, numbers: &[i64]) -> AppResult<Vec<customer::Model>> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let rows = customer::Entity::find()
        .filter(customer::Column::Number.is_in(numbers.iter().copied()))
        .all(db)
        .await?;
    let mut by_number: std::collections::HashMap<i64, customer::Model> =
        rows.into_iter().map(|c| (c.number, c)).collect();
    Ok(numbers.iter().filter_map(|n| by_number.remove(n)).collect())
}

/// Everything matching the query except `exclude`, alphabetically, one page.
async fn matching(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    q: &Query,
    include_archived: bool,
    exclude: &[i64],
    offset: u64,
    limit: u64,
) -> AppResult<Vec<customer::Model>> {
    let backend = db.get_database_backend();
    let (long, short): (Vec<&String>, Vec<&String>) =
        q.terms.iter().partition(|t| t.chars().count() >= 3);
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    if !long.is_empty()
        && let Some(mut rows) = candidates(db, scope, &long, &short, include_archived).await?
    {
        rows.retain(|(n, _)| !exclude.contains(n));
        rows.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
        let page: Vec<i64> = rows
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|(n, _)| n)
            .collect();
        return by_numbers(db, &page).await;
    }
    let mut sql = Sql::new(backend);
    sql.push("SELECT c.* FROM customers c ");
    if backend == DbBackend::Sqlite && !long.is_empty() {
        // A common term: walk the name index in order and stop after one page.
        sql.push("INDEXED BY idx_customers_sort ");
    }
    sql.push("WHERE ").push_filters(include_archived, scope);
    if long.is_empty() {
        // Only one- and two-character terms: a prefix of the name, as a byte-order range.
        let prefix = short
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let collate = if backend == DbBackend::Postgres {
            " COLLATE \"C\""
        } else {
            ""
        };
        sql.push(&format!(" AND c.sort_name{collate} >= "))
            .bind(prefix.clone())
            .push(&format!(" AND c.sort_name{collate} < "))
            .bind(format!("{prefix}\u{10FFFF}"));
    } else {
        for t in &long {
            match backend {
                DbBackend::Postgres => {
                    sql.push(" AND c.search_doc LIKE ")
                        .bind(format!("%{}%", like_escape(t)))
                        .push(" ESCAPE '\\'");
                }
                _ => {
                    sql.push(" AND instr(c.search_doc, ")
                        .bind(t.to_string())
                        .push(") > 0");
                }
            }
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
    for n in exclude {
        sql.push(" AND c.number <> ").bind(*n);
    }
    sql.push(name_order(backend))
        .push(" LIMIT ")
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
    scope: &CustomerScope,
    term: Option<&str>,
    include_archived: bool,
    offset: u64,
    limit: u64,
) -> AppResult<SearchPage> {
    let wanted = limit + 1;
    let Some((q, raw)) = term.and_then(|t| Query::parse(t).map(|q| (q, t))) else {
        let backend = db.get_database_backend();
        let mut sql = Sql::new(backend);
        sql.push("SELECT c.* FROM customers c WHERE ")
            .push_filters(include_archived, scope)
            .push(name_order(backend))
            .push(" LIMIT ")
            .bind(i64::try_from(wanted).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX));
        let rows = customer::Model::find_by_statement(sql.build())
            .all(db)
            .await?;
        return Ok(page(rows, limit));
    };
    let pinned = pinned(db, scope, &q, raw, include_archived).await?;
    let pinned_count = pinned.len() as u64;
    let exclude: Vec<i64> = pinned.iter().map(|c| c.number).collect();
    let mut rows: Vec<customer::Model> = pinned
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(wanted).unwrap_or(usize::MAX))
        .collect();
    let missing = wanted - rows.len() as u64;
    if missing > 0 {
        let rest_offset = offset.saturating_sub(pinned_count);
        rows.extend(
            matching(
                db,
                scope,
                &q,
                include_archived,
                &exclude,
                rest_offset,
                missing,
            )
            .await?,
        );
    }
    Ok(page(rows, limit))
}

/// Customers by number after `after` (keyset: a page costs the same however deep it is, and
/// customers added meanwhile get higher numbers, so a walk sees each customer once).
pub async fn by_number(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    include_archived: bool,
    after: Option<i64>,
    limit: u64,
) -> AppResult<SearchPage> {
    let (customers, has_next_page) =
        by_number_as(db, scope, include_archived, after, limit, "c.*").await?;
    Ok(SearchPage {
        customers,
        has_next_page,
    })
}

/// [`by_number`] reading only `columns` of `customers c` into `M`, and whether more follow.
pub async fn by_number_as<M: FromQueryResult>(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    include_archived: bool,
    after: Option<i64>,
    limit: u64,
    columns: &str,
) -> AppResult<(Vec<M>, bool)> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT ")
        .push(columns)
        .push(" FROM customers c WHERE ")
        .push_filters(include_archived, scope);
    if let Some(after) = after {
        sql.push(" AND c.number > ").bind(after);
    }
    sql.push(" ORDER BY c.number LIMIT ")
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX));
    let mut rows = M::find_by_statement(sql.build()).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
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

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any search text parses to at most `MAX_TERMS` folded terms (or nothing), and the
        /// pieces that reach SQL keep their metacharacters escaped or quoted.
        #[test]
        fn any_search_text_is_safe(s in prop_oneof![any::<String>(), "[a-zA-Z0-9%_\\\\\" '*@.+-]{0,40}"]) {
            if let Some(q) = Query::parse(&s) {
                prop_assert!(!q.terms.is_empty() && q.terms.len() <= MAX_TERMS);
                prop_assert!(q.terms.iter().all(|t| !t.is_empty() && !t.contains(' ')));
                for t in &q.terms {
                    let escaped = like_escape(t);
                    // Every %, _ and \ is preceded by the escape character.
                    let mut chars = escaped.chars();
                    while let Some(c) = chars.next() {
                        if c == '\\' {
                            prop_assert!(matches!(chars.next(), Some('\\' | '%' | '_')));
                        } else {
                            prop_assert!(c != '%' && c != '_');
                        }
                    }
                }
                let refs: Vec<&String> = q.terms.iter().collect();
                let fts = fts_expression(&refs);
                // Quoted phrases joined by AND: the quotes inside a term are doubled.
                for phrase in fts.split(" AND ") {
                    prop_assert!(phrase.starts_with('"') && phrase.ends_with('"') && phrase.len() >= 2);
                    prop_assert!(!phrase[1..phrase.len() - 1].replace("\"\"", "").contains('"'));
                }
            }
        }
    }
}
