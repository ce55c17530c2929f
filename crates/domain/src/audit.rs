//! The audit trail (审计记录): append-only, hash-chained events.
//!
//! Every change appends one event with who, when, what and the changed fields before and
//! after. Each event stores the hash of its predecessor, so editing or deleting a stored
//! event breaks the chain at that point; [`ChainVerifier`] names the first broken link.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One field's value before and after a change (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Changed fields by path (`addresses[0].city`), sorted.
pub type Changes = BTreeMap<String, FieldChange>;

/// An entity flattened to field paths and display values, the form the audit trail
/// compares and stores.
pub type FieldValues = BTreeMap<String, String>;

/// The fields that differ between two flattened states.
pub fn diff(before: &FieldValues, after: &FieldValues) -> Changes {
    let mut out = Changes::new();
    for (k, v) in before {
        match after.get(k) {
            Some(a) if a == v => {}
            a => {
                out.insert(
                    k.clone(),
                    FieldChange {
                        before: Some(v.clone()),
                        after: a.cloned(),
                    },
                );
            }
        }
    }
    for (k, a) in after {
        if !before.contains_key(k) {
            out.insert(
                k.clone(),
                FieldChange {
                    before: None,
                    after: Some(a.clone()),
                },
            );
        }
    }
    out
}

/// Every field as created (before = absent).
pub fn created(after: &FieldValues) -> Changes {
    diff(&FieldValues::new(), after)
}

/// Every field as deleted (after = absent).
pub fn deleted(before: &FieldValues) -> Changes {
    diff(before, &FieldValues::new())
}

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    /// The user's id; `None` for the system itself (migrations, seeding, jobs).
    pub user_id: Option<Uuid>,
    /// The user's e-mail, or `system`.
    pub label: String,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            user_id: None,
            label: "system".into(),
        }
    }
    pub fn user(id: Uuid, email: &str) -> Self {
        Self {
            user_id: Some(id),
            label: email.to_string(),
        }
    }
}

/// An event about to be appended; the store gives it its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub entity_type: String,
    pub entity_id: Uuid,
    /// `create`, `update`, `delete`, `revoke`, …
    pub action: String,
    pub changes: Changes,
}

/// A stored audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: Uuid,
    /// Position in the chain, 1, 2, 3, … without gaps.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub action: String,
    pub changes: Changes,
    pub prev_hash: String,
    pub hash: String,
}

impl NewAuditEvent {
    /// Link this event after the one with `prev_seq` and `prev_hash`.
    pub fn seal(self, id: Uuid, prev_seq: i64, prev_hash: &str) -> AuditEvent {
        let seq = prev_seq + 1;
        let mut ev = AuditEvent {
            id,
            seq,
            at: self.at,
            actor: self.actor,
            entity_type: self.entity_type,
            entity_id: self.entity_id,
            action: self.action,
            changes: self.changes,
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        ev.hash = ev.compute_hash();
        ev
    }
}

impl AuditEvent {
    /// SHA-256 over an unambiguous (length-prefixed) encoding of every field but `hash`.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let mut put = |s: &str| {
            h.update(s.len().to_string().as_bytes());
            h.update(b":");
            h.update(s.as_bytes());
            h.update(b";");
        };
        put(&self.prev_hash);
        put(&self.seq.to_string());
        put(&self.id.to_string());
        put(&self.at.to_rfc3339_opts(SecondsFormat::Micros, true));
        put(&self.actor.user_id.map(|u| u.to_string()).unwrap_or_default());
        put(&self.actor.label);
        put(&self.entity_type);
        put(&self.entity_id.to_string());
        put(&self.action);
        put(&self.changes.len().to_string());
        for (k, c) in &self.changes {
            put(k);
            put(if c.before.is_some() { "1" } else { "0" });
            put(c.before.as_deref().unwrap_or(""));
            put(if c.after.is_some() { "1" } else { "0" });
            put(c.after.as_deref().unwrap_or(""));
        }
        let digest = h.finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The first broken link found by [`ChainVerifier`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenLink {
    pub seq: i64,
    pub event_id: Option<Uuid>,
    pub reason: String,
}

/// Walks events in `seq` order and reports the first one that does not chain.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_seq: i64,
    prev_hash: String,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            next_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
            checked: 0,
        }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, ev: &AuditEvent) -> Result<(), BrokenLink> {
        let broken = |reason: String| BrokenLink {
            seq: ev.seq,
            event_id: Some(ev.id),
            reason,
        };
        if ev.seq != self.next_seq {
            return Err(BrokenLink {
                seq: self.next_seq,
                event_id: None,
                reason: format!("event {} is missing (found {} next)", self.next_seq, ev.seq),
            });
        }
        if ev.prev_hash != self.prev_hash {
            return Err(broken(format!(
                "prev_hash {} does not match the hash of event {} ({})",
                ev.prev_hash,
                ev.seq - 1,
                self.prev_hash
            )));
        }
        let computed = ev.compute_hash();
        if computed != ev.hash {
            return Err(broken(format!(
                "stored hash {} does not match its content (computed {computed}): the event was altered",
                ev.hash
            )));
        }
        self.next_seq += 1;
        self.prev_hash = ev.hash.clone();
        self.checked += 1;
        Ok(())
    }
    /// Events verified so far.
    pub fn checked(&self) -> u64 {
        self.checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ev(n: i64, prev: &AuditEvent) -> AuditEvent {
        let mut after = FieldValues::new();
        after.insert("name".into(), format!("v{n}"));
        NewAuditEvent {
            at: Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap(),
            actor: Actor::system(),
            entity_type: "party".into(),
            entity_id: Uuid::nil(),
            action: "update".into(),
            changes: created(&after),
        }
        .seal(Uuid::from_u128(n as u128), prev.seq, &prev.hash)
    }

    fn chain(n: i64) -> Vec<AuditEvent> {
        let genesis = AuditEvent {
            id: Uuid::nil(),
            seq: 0,
            at: Utc.timestamp_opt(0, 0).unwrap(),
            actor: Actor::system(),
            entity_type: String::new(),
            entity_id: Uuid::nil(),
            action: String::new(),
            changes: Changes::new(),
            prev_hash: String::new(),
            hash: GENESIS_HASH.into(),
        };
        let mut out: Vec<AuditEvent> = Vec::new();
        for i in 1..=n {
            let e = ev(i, out.last().unwrap_or(&genesis));
            out.push(e);
        }
        out
    }

    #[test]
    fn intact_chain_verifies() {
        let mut v = ChainVerifier::default();
        for e in &chain(5) {
            v.check(e).unwrap();
        }
        assert_eq!(v.checked(), 5);
    }

    #[test]
    fn altered_field_is_the_first_broken_link() {
        let mut c = chain(5);
        c[2].changes.get_mut("name").unwrap().after = Some("forged".into());
        let mut v = ChainVerifier::default();
        let err = c.iter().try_for_each(|e| v.check(e)).unwrap_err();
        assert_eq!(err.seq, 3);
        assert!(err.reason.contains("altered"));
    }

    #[test]
    fn deleted_event_is_reported() {
        let mut c = chain(5);
        c.remove(1);
        let mut v = ChainVerifier::default();
        let err = c.iter().try_for_each(|e| v.check(e)).unwrap_err();
        assert_eq!(err.seq, 2);
    }

    #[test]
    fn diff_lists_only_changed_fields() {
        let mut a = FieldValues::new();
        a.insert("x".into(), "1".into());
        a.insert("y".into(), "2".into());
        let mut b = a.clone();
        b.insert("y".into(), "3".into());
        b.remove("x");
        b.insert("z".into(), "4".into());
        let d = diff(&a, &b);
        assert_eq!(d.len(), 3);
        assert_eq!(d["x"].after, None);
        assert_eq!(d["y"].before.as_deref(), Some("2"));
        assert_eq!(d["z"].before, None);
    }
}
