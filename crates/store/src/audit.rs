//! The audit log: append-only. This module inserts and reads; it has no update or delete.

use domain::audit::AuditAction;
use domain::page::Limit;
use domain::{OrgId, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// An event to record.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub org_id: Option<&'a OrgId>,
    pub actor_id: Option<&'a UserId>,
    pub action: AuditAction,
    pub target: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub at: OffsetDateTime,
}

/// A recorded event.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub at: OffsetDateTime,
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    at: i64,
    actor_id: Option<String>,
    action: String,
    target: Option<String>,
    ip: Option<String>,
    detail: Option<String>,
}

impl TryFrom<EventRow> for Event {
    type Error = StoreError;
    fn try_from(r: EventRow) -> Result<Self, StoreError> {
        Ok(Event {
            id: r.id,
            at: from_ms(r.at)?,
            actor: r.actor_id,
            action: r.action,
            target: r.target,
            ip: r.ip,
            detail: r.detail,
        })
    }
}

/// Appends an event. `id` must sort by time (a UUIDv7) so the log pages in order.
///
/// # Errors
/// On database failure.
pub async fn append(a: &mut impl Access, id: &str, e: &NewEvent<'_>) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO audit_event (id, org_id, actor_id, action, target, ip, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        e.org_id.map(OrgId::as_str),
        e.actor_id.map(UserId::as_str),
        e.action.as_str(),
        e.target,
        e.ip,
        e.detail,
        to_ms(e.at),
    );
    Ok(())
}

/// An organization's events, newest first, before the event `before` when given. Returns one
/// more than `limit` when there is a next page.
///
/// # Errors
/// On database failure.
pub async fn list_for_org(
    a: &mut impl Access,
    org: &OrgId,
    before: Option<&str>,
    limit: Limit,
) -> Result<Vec<Event>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        EventRow,
        "SELECT id, at, actor_id, action, target, ip, detail FROM audit_event
         WHERE org_id = $1 AND ($2 IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3",
        org.as_str(),
        before,
        i64::from(limit.get()) + 1,
    );
    rows.into_iter().map(Event::try_from).collect()
}

/// Every event about an account: those it acted in, and those naming it as their target (a
/// manager's change to it), oldest first. For the account's export.
///
/// # Errors
/// On database failure.
pub async fn list_about_account(
    a: &mut impl Access,
    account: &UserId,
) -> Result<Vec<Event>, StoreError> {
    let rows = fetch!(
        a.conn(),
        fetch_all,
        EventRow,
        "SELECT id, at, actor_id, action, target, ip, detail FROM audit_event
         WHERE actor_id = $1 OR target = $1
         ORDER BY id",
        account.as_str(),
    );
    rows.into_iter().map(Event::try_from).collect()
}

/// Replaces a deleted account in the audit log: as actor (its source addresses dropped) and
/// as target (by id or address), by `pseudonym`.
///
/// # Errors
/// On database failure.
pub async fn pseudonymise(
    a: &mut impl Access,
    account: &UserId,
    email: &str,
    pseudonym: &str,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE audit_event SET actor_id = $2, ip = NULL WHERE actor_id = $1",
        account.as_str(),
        pseudonym,
    );
    execute!(
        a.conn(),
        "UPDATE audit_event SET target = $3 WHERE target = $1 OR target = $2",
        account.as_str(),
        email,
        pseudonym,
    );
    Ok(())
}
