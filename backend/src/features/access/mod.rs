//! Need-to-know: access groups grant rights from a fixed allowlist to their members, and a
//! customer can be restricted to groups so that only their members (and administrators) see it.
//!
//! Invariants:
//! - deny by default: a user without groups holds no right; unknown right names stored in the
//!   database grant nothing;
//! - an administrator holds every right and sees every customer;
//! - rights and group memberships are loaded with the session on every request, so a change takes
//!   effect on the caller's next request;
//! - customer visibility is decided in the service layer ([`CustomerScope`]) for every path: the
//!   search SQL, the card, nested fields and counts. An invisible customer is answered exactly
//!   like an unknown one (`NOT_FOUND`), so its existence does not leak;
//! - nobody can hand out a right they do not hold: non-administrators managing groups may only
//!   grant rights they hold themselves, and only administrators grant the administrator role;
//! - a group that restricts customers cannot be deleted (the foreign key refuses it as well).

pub mod graphql;
pub mod service;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A right a group can grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Right {
    /// Search customers and open customer cards and their contacts.
    ReadCustomers,
    /// Create, edit, archive customers and contacts; restrict customers to groups.
    EditCustomers,
    /// Record consent changes on behalf of a customer.
    EditConsents,
    /// Irreversibly anonymize a customer.
    Anonymize,
    /// Reveal secrets on customer cards (where the secret's groups allow).
    ReadSecrets,
    /// Create, change and delete secrets.
    ManageSecrets,
    /// Export a customer's personal data (data-subject access requests, reports).
    ExportPersonalData,
    /// Read the access and change log.
    ReadAuditLog,
    /// Change organization settings (privacy, consent purposes, partners).
    ManageSettings,
    /// Create, disable and reset users; manage groups and their members.
    ManageUsers,
    /// Create and revoke API keys.
    ManageApiKeys,
    /// Run, schedule and restore backups.
    RunBackups,
}

impl Right {
    pub const ALL: [Right; 12] = [
        Right::ReadCustomers,
        Right::EditCustomers,
        Right::EditConsents,
        Right::Anonymize,
        Right::ReadSecrets,
        Right::ManageSecrets,
        Right::ExportPersonalData,
        Right::ReadAuditLog,
        Right::ManageSettings,
        Right::ManageUsers,
        Right::ManageApiKeys,
        Right::RunBackups,
    ];

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of rights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rights(u32);

impl Rights {
    pub const NONE: Rights = Rights(0);

    pub fn all() -> Rights {
        Right::ALL.into_iter().collect()
    }

    pub fn contains(self, right: Right) -> bool {
        self.0 & right.bit() != 0
    }

    pub fn insert(&mut self, right: Right) {
        self.0 |= right.bit();
    }

    pub fn union(self, other: Rights) -> Rights {
        Rights(self.0 | other.0)
    }

    pub fn is_subset_of(self, other: Rights) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Right> {
        Right::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// Reads the JSON array stored on a group; unknown names grant nothing.
    pub fn from_json(value: &serde_json::Value) -> Rights {
        value
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| serde_json::from_value::<Right>(n.clone()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn to_json(self) -> serde_json::Value {
        serde_json::Value::Array(
            self.iter()
                .filter_map(|r| serde_json::to_value(r).ok())
                .collect(),
        )
    }
}

impl FromIterator<Right> for Rights {
    fn from_iter<T: IntoIterator<Item = Right>>(iter: T) -> Self {
        let mut rights = Rights::NONE;
        for r in iter {
            rights.insert(r);
        }
        rights
    }
}

/// What a signed-in user may do: loaded with the session on every request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    pub is_admin: bool,
    /// The union of the rights of the user's groups (administrators: see [`Access::rights`]).
    pub group_rights: Rights,
    /// The groups the user is a member of.
    pub groups: Vec<Uuid>,
}

impl Access {
    pub fn has(&self, right: Right) -> bool {
        self.is_admin || self.group_rights.contains(right)
    }

    /// Effective rights: everything for administrators.
    pub fn rights(&self) -> Rights {
        if self.is_admin {
            Rights::all()
        } else {
            self.group_rights
        }
    }

    pub fn customer_scope(&self) -> CustomerScope {
        if self.is_admin {
            CustomerScope::All
        } else {
            CustomerScope::Groups(self.groups.clone())
        }
    }
}

/// Which customers an actor may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerScope {
    /// Every customer (administrators and the system).
    All,
    /// Unrestricted customers plus those restricted to one of these groups.
    Groups(Vec<Uuid>),
}

impl CustomerScope {
    /// Whether a customer restricted to `customer_groups` (empty: unrestricted) is visible.
    pub fn allows(&self, restricted: bool, customer_groups: &[Uuid]) -> bool {
        match self {
            CustomerScope::All => true,
            CustomerScope::Groups(mine) => {
                !restricted || customer_groups.iter().any(|g| mine.contains(g))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_round_trip_through_json_and_ignore_unknown_names() {
        let rights: Rights = [Right::ReadCustomers, Right::RunBackups]
            .into_iter()
            .collect();
        assert_eq!(Rights::from_json(&rights.to_json()), rights);
        let stored = serde_json::json!(["READ_CUSTOMERS", "DELETE_EVERYTHING", 7]);
        assert_eq!(
            Rights::from_json(&stored),
            [Right::ReadCustomers].into_iter().collect()
        );
        assert_eq!(Rights::from_json(&serde_json::json!({})), Rights::NONE);
    }

    #[test]
    fn administrators_hold_every_right_and_others_only_their_groups() {
        let admin = Access {
            is_admin: true,
            ..Access::default()
        };
        assert!(Right::ALL.iter().all(|r| admin.has(*r)));
        let reader = Access {
            group_rights: [Right::ReadCustomers].into_iter().collect(),
            ..Access::default()
        };
        assert!(reader.has(Right::ReadCustomers));
        assert!(!reader.has(Right::EditCustomers));
        assert!(!Access::default().has(Right::ReadCustomers));
    }

    #[test]
    fn subset_check_blocks_escalation() {
        let mine: Rights = [Right::ManageUsers, Right::ReadCustomers]
            .into_iter()
            .collect();
        let wanted: Rights = [Right::ReadCustomers].into_iter().collect();
        assert!(wanted.is_subset_of(mine));
        assert!(!Rights::all().is_subset_of(mine));
    }

    #[test]
    fn scopes() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let scope = CustomerScope::Groups(vec![a]);
        assert!(scope.allows(false, &[]));
        assert!(scope.allows(true, &[b, a]));
        assert!(!scope.allows(true, &[b]));
        assert!(!CustomerScope::Groups(vec![]).allows(true, &[a]));
        assert!(CustomerScope::All.allows(true, &[b]));
    }
}
