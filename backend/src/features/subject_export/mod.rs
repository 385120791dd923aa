//! The data subject's copy of their data (GDPR Art. 15 access, Art. 20 portability): one JSON
//! document per customer — details, contact persons with their consents and consent history,
//! orders, invoices, tasks that reference it, My page accounts — or per contact on My page.
//! The format is versioned and documented in `docs/data-subject-export.md`; secrets are never
//! included. Every export is in the access log.

pub mod graphql;
pub mod service;
