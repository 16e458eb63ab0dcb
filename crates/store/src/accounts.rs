//! Accounts: email, display name, password hash.

use domain::{Email, UserId};
use time::OffsetDateTime;

use crate::{Access, StoreError, from_ms, to_ms};

/// An account as stored.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    pub password_hash: String,
    pub mfa_enabled: bool,
    /// Its 2FA was reset: it must set up a new second factor before anything else.
    pub mfa_setup_due: bool,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    email: String,
    name: String,
    password_hash: String,
    mfa_enabled: bool,
    mfa_setup_due: bool,
    created_at: i64,
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: UserId::from_trusted(r.id),
            email: Email::from_trusted(r.email),
            name: r.name,
            password_hash: r.password_hash,
            mfa_enabled: r.mfa_enabled,
            mfa_setup_due: r.mfa_setup_due,
            created_at: from_ms(r.created_at)?,
        })
    }
}

/// Inserts a new account.
///
/// # Errors
/// `Conflict` on `account_email_key` when the email is taken.
pub async fn insert(
    a: &mut impl Access,
    id: &UserId,
    email: &Email,
    name: &str,
    password_hash: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO account (id, email, name, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
        id.as_str(),
        email.as_str(),
        name,
        password_hash,
        to_ms(now),
    );
    Ok(())
}

/// # Errors
/// On database failure.
pub async fn find_by_email(
    a: &mut impl Access,
    email: &Email,
) -> Result<Option<Account>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        AccountRow,
        "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at FROM account WHERE email = $1",
        email.as_str(),
    );
    row.map(Account::try_from).transpose()
}

/// # Errors
/// On database failure.
pub async fn find_by_id(a: &mut impl Access, id: &UserId) -> Result<Option<Account>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        AccountRow,
        "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at FROM account WHERE id = $1",
        id.as_str(),
    );
    row.map(Account::try_from).transpose()
}

/// Proof that an account's row is locked by the transaction it was read in ([`lock`]): the
/// writes that must not interleave with another change of the same account (its password, its
/// methods and the tallies that count them) take it, so that a caller who forgot the lock does
/// not compile. Only [`lock`] makes one.
#[derive(Debug)]
pub struct AccountLock {
    account: Account,
}

impl std::ops::Deref for AccountLock {
    type Target = Account;
    fn deref(&self) -> &Account {
        &self.account
    }
}

/// Replaces the stored password hash (a change, or an upgrade of a hash made with weaker
/// parameters).
///
/// # Errors
/// On database failure.
pub async fn set_password_hash(
    a: &mut impl Access,
    locked: &AccountLock,
    password_hash: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE account SET password_hash = $2, updated_at = $3 WHERE id = $1",
        locked.id.as_str(),
        password_hash,
        to_ms(now),
    );
    Ok(())
}

/// Marks the account as owing a new second factor (after a reset of its 2FA): every session of
/// it is `setup_required` until a method is verified ([`set_mfa_methods`] clears the mark).
///
/// # Errors
/// On database failure.
pub async fn require_mfa_setup(
    a: &mut impl Access,
    id: &UserId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE account SET mfa_setup_due = TRUE, updated_at = $2 WHERE id = $1",
        id.as_str(),
        to_ms(now),
    );
    Ok(())
}

/// Records the kinds of the account's verified second-factor methods (and so whether it has
/// 2FA), kept on the account so that sign-in, the access decision and member lists need no join.
///
/// # Errors
/// On database failure.
pub async fn set_mfa_methods(
    a: &mut impl Access,
    locked: &AccountLock,
    kinds: &[domain::MethodKind],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let id = &locked.id;
    execute!(
        a.conn(),
        // A verified method settles a reset's "set up a new second factor first".
        "UPDATE account SET mfa_enabled = $2, mfa_methods = $3, updated_at = $4,
                mfa_setup_due = (mfa_setup_due AND NOT $2)
         WHERE id = $1",
        id.as_str(),
        !kinds.is_empty(),
        domain::method::kinds_to_text(kinds),
        to_ms(now),
    );
    // Memberships carry a copy for the member lists, and the tallies count it. The account's
    // lock (which joining and leaving take too) keeps the memberships read here the ones
    // updated.
    let mask = domain::method::kinds_to_mask(kinds);
    let memberships = fetch!(
        a.conn(),
        fetch_all,
        (String, i64),
        "SELECT org_id, mfa_kinds FROM membership WHERE account_id = $1 ORDER BY org_id",
        id.as_str(),
    );
    // Tally rows are updated in one order (organization, then kinds) by every change, so that
    // two members' changes cannot wait for each other.
    for (org, old) in memberships.into_iter().filter(|(_, old)| *old != mask) {
        let org = domain::OrgId::from_trusted(org);
        let mut moves = [(old, -1), (mask, 1)];
        moves.sort_unstable();
        for (kinds, delta) in moves {
            crate::orgs::tally_add(a, &org, kinds, delta).await?;
        }
    }
    execute!(
        a.conn(),
        "UPDATE membership SET mfa_kinds = $2 WHERE account_id = $1",
        id.as_str(),
        mask,
    );
    Ok(())
}

/// Reads the account and, on PostgreSQL, locks its row until the transaction ends, so that
/// changes to its password or methods are made one at a time. (SQLite transactions here
/// already hold the database's write lock.) The answer is the proof the guarded writes take.
///
/// # Errors
/// On database failure.
pub async fn lock(a: &mut impl Access, id: &UserId) -> Result<Option<AccountLock>, StoreError> {
    let row = match a.conn() {
        crate::db::Conn::Sqlite(c) => {
            sqlx::query_as::<_, AccountRow>(
                "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at
                 FROM account WHERE id = $1",
            )
            .bind(id.as_str())
            .fetch_optional(c)
            .await?
        }
        crate::db::Conn::Postgres(c) => {
            sqlx::query_as::<_, AccountRow>(
                "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at
                 FROM account WHERE id = $1 FOR UPDATE",
            )
            .bind(id.as_str())
            .fetch_optional(c)
            .await?
        }
    };
    row.map(|r| Account::try_from(r).map(|account| AccountLock { account }))
        .transpose()
}

/// Deletes the account; everything that belongs to it goes with it (the foreign keys cascade),
/// what others keep loses the reference (invitations it sent, apps it registered).
///
/// # Errors
/// On database failure.
pub async fn delete(a: &mut impl Access, id: &UserId) -> Result<bool, StoreError> {
    let n = execute!(a.conn(), "DELETE FROM account WHERE id = $1", id.as_str());
    Ok(n == 1)
}

/// Changes the account's email address, and the copies its memberships keep for member lists.
///
/// # Errors
/// `Conflict` on `account_email_key` when another account has the address; database failures.
pub async fn set_email(
    a: &mut impl Access,
    locked: &AccountLock,
    email: &Email,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE account SET email = $2, updated_at = $3 WHERE id = $1",
        locked.id.as_str(),
        email.as_str(),
        to_ms(now),
    );
    execute!(
        a.conn(),
        "UPDATE membership SET email = $2 WHERE account_id = $1",
        locked.id.as_str(),
        email.as_str(),
    );
    Ok(())
}
