//! The organization's privacy settings (controller identity, policy link, data-protection contact,
//! supervisory authority, retention periods) and the data-partner register (GDPR Art. 28/30).
//! Both feed the consent form.
//!
//! Invariants: there is exactly one settings row (created by the migration); settings and partners
//! change only with `MANAGE_SETTINGS`, with optimistic versions, and every change is audited — a
//! removed partner's last state is kept in the audit row (partners are companies: their data is
//! business data, not personal data, so it may stand in the log).

pub mod consent_form;
pub mod consent_form_pdf;
pub mod graphql;
pub mod partners;
pub mod settings;

use crate::db::db_enum;

db_enum!(
    /// Where a data subject may complain.
    SupervisoryAuthority {
        /// Integritetsskyddsmyndigheten (Sweden).
        Imy => "imy",
        /// Datatilsynet (Norway).
        DatatilsynetNo => "datatilsynet_no",
        /// Datatilsynet (Denmark).
        DatatilsynetDk => "datatilsynet_dk",
        /// Tietosuojavaltuutetun toimisto (Finland).
        TietosuojaFi => "tietosuoja_fi",
    }
);

impl SupervisoryAuthority {
    /// Name and web address, as printed on the consent form.
    pub fn name_and_url(self) -> (&'static str, &'static str) {
        match self {
            SupervisoryAuthority::Imy => {
                ("Integritetsskyddsmyndigheten (IMY)", "https://www.imy.se")
            }
            SupervisoryAuthority::DatatilsynetNo => ("Datatilsynet", "https://www.datatilsynet.no"),
            SupervisoryAuthority::DatatilsynetDk => ("Datatilsynet", "https://www.datatilsynet.dk"),
            SupervisoryAuthority::TietosuojaFi => {
                ("Tietosuojavaltuutetun toimisto", "https://tietosuoja.fi")
            }
        }
    }
}

db_enum!(
    /// The partner's role under GDPR.
    PartnerRole {
        Processor => "processor",
        IndependentController => "independent_controller",
        JointController => "joint_controller",
    }
);

db_enum!(
    /// The data-processing or data-sharing agreement.
    AgreementStatus {
        Missing => "missing",
        Signed => "signed",
        Expired => "expired",
    }
);
