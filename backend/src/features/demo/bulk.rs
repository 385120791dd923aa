//! PostgreSQL's `COPY … FROM STDIN` for the generator's largest tables (consent events and the
//! current consents: several rows per contact): a multi-row INSERT costs the client most of its
//! time in binding parameters, COPY streams text the server parses itself (about ten times
//! faster here). Each batch is copied right after the batch's customers and contacts commit, so
//! the foreign keys hold.

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::postgres::PgPoolCopyExt;

use super::consents::Histories;

/// One line of COPY's text format.
#[derive(Default)]
struct Line(String);

impl Line {
    fn text(&mut self, value: &str) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('\t');
        }
        for c in value.chars() {
            match c {
                '\\' => self.0.push_str("\\\\"),
                '\t' => self.0.push_str("\\t"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                c => self.0.push(c),
            }
        }
        self
    }

    fn opt(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.text(v),
            None => {
                if !self.0.is_empty() {
                    self.0.push('\t');
                }
                self.0.push_str("\\N");
                self
            }
        }
    }

    fn at(&mut self, value: DateTime<Utc>) -> &mut Self {
        self.text(&value.to_rfc3339_opts(SecondsFormat::Micros, true))
    }

    fn end(&mut self, out: &mut String) {
        out.push_str(&self.0);
        out.push('\n');
        self.0.clear();
    }
}

/// Copies one batch's consent events and current consents.
pub async fn copy_consents(pool: &sqlx::PgPool, histories: &Histories) -> anyhow::Result<()> {
    let mut data = String::with_capacity(histories.events.len() * 256);
    let mut line = Line::default();
    for e in &histories.events {
        line.text(&e.id.to_string())
            .text(&e.contact_id.to_string())
            .text(&e.customer_id.to_string())
            .text(&e.purpose_id.to_string())
            .text(&e.decision)
            .text(&e.legal_basis)
            .text(&e.source)
            .text(&e.actor_kind)
            .opt(e.actor_id.as_deref())
            .text(&e.declaration_version.to_string())
            .opt(e.evidence.as_deref())
            .opt(
                e.valid_until
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Micros, true))
                    .as_deref(),
            )
            .opt(e.user_agent.as_deref())
            .opt(e.ip.as_deref())
            .at(e.occurred_at)
            .end(&mut data);
    }
    copy(
        pool,
        "COPY consent_events (id, contact_id, customer_id, purpose_id, decision, legal_basis, \
         source, actor_kind, actor_id, declaration_version, evidence, valid_until, user_agent, ip, \
         occurred_at) FROM STDIN",
        data,
    )
    .await?;
    let mut data = String::with_capacity(histories.current.len() * 160);
    for c in &histories.current {
        line.text(&c.contact_id.to_string())
            .text(&c.purpose_id.to_string())
            .text(&c.customer_id.to_string())
            .text(&c.event_id.to_string())
            .text(&c.decision)
            .text(&c.source)
            .text(&c.declaration_version.to_string())
            .opt(
                c.valid_until
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Micros, true))
                    .as_deref(),
            )
            .at(c.changed_at)
            .end(&mut data);
    }
    copy(
        pool,
        "COPY current_consents (contact_id, purpose_id, customer_id, event_id, decision, source, \
         declaration_version, valid_until, changed_at) FROM STDIN",
        data,
    )
    .await
}

async fn copy(pool: &sqlx::PgPool, statement: &str, data: String) -> anyhow::Result<()> {
    if data.is_empty() {
        return Ok(());
    }
    let mut copy = pool.copy_in_raw(statement).await?;
    copy.send(data.into_bytes()).await?;
    copy.finish().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_format_escapes_separators_and_marks_nulls() {
        let mut out = String::new();
        Line::default()
            .text("a\tb\\c\nd")
            .opt(None)
            .opt(Some("x"))
            .end(&mut out);
        assert_eq!(out, "a\\tb\\\\c\\nd\t\\N\tx\n");
    }
}
