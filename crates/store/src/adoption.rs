//! Organizations' 2FA adoption day by day: today's head counts of every organization written
//! at once from the tallies, and an organization's days read back for its chart.

use domain::OrgId;

use crate::{Access, StoreError};

/// Writes today's figures (`day` as `YYYY-MM-DD`) of every organization from its tallies: the
/// members, and those with any second factor. Later the same day, the figures are replaced.
///
/// # Errors
/// On database failure.
pub async fn record_day(a: &mut impl Access, day: &str) -> Result<u64, StoreError> {
    // `WHERE TRUE`: SQLite parses an upsert after a SELECT only with a WHERE clause.
    Ok(execute!(
        a.conn(),
        "INSERT INTO org_adoption (org_id, day, members, with_2fa)
         SELECT org_id, $1, SUM(members), SUM(CASE WHEN mfa_kinds <> 0 THEN members ELSE 0 END)
         FROM org_mfa_tally WHERE TRUE GROUP BY org_id
         ON CONFLICT (org_id, day) DO UPDATE
         SET members = excluded.members, with_2fa = excluded.with_2fa",
        day,
    ))
}

/// The organization's days from `since` (`YYYY-MM-DD`) on, oldest first: day, members, with 2FA.
///
/// # Errors
/// On database failure.
pub async fn days(
    a: &mut impl Access,
    org: &OrgId,
    since: &str,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    Ok(fetch!(
        a.conn(),
        fetch_all,
        (String, i64, i64),
        "SELECT day, members, with_2fa FROM org_adoption
         WHERE org_id = $1 AND day >= $2 ORDER BY day",
        org.as_str(),
        since,
    ))
}
