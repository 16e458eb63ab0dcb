//! Accounts: email, display name, password hash.

use domain::{Email, TokenHash, UserId};
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
    /// It may sign in: its address was proved, or an operator (or the time before sign-up asked
    /// for proof) admitted it.
    pub verified: bool,
    /// A link sent to its address was used: the address is trusted on its own.
    pub proved: bool,
    /// The language it chose for its pages and emails; `None` follows the browser.
    pub locale: Option<domain::Locale>,
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
    verified: bool,
    proved: bool,
    locale: Option<String>,
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
            verified: r.verified,
            proved: r.proved,
            // A value this version does not know follows the browser.
            locale: r
                .locale
                .as_deref()
                .and_then(|l| domain::Locale::parse(l).ok()),
        })
    }
}

/// Inserts a new account whose address is proved already.
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
        "INSERT INTO account (id, email, name, password_hash, created_at, updated_at,
                              email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $5, $5)",
        id.as_str(),
        email.as_str(),
        name,
        password_hash,
        to_ms(now),
    );
    Ok(())
}

/// Inserts a new account that waits for its address to be proved with the link whose token
/// hashes to `verify_hash`.
///
/// # Errors
/// `Conflict` on `account_email_key` when the email is taken.
pub async fn insert_unverified(
    a: &mut impl Access,
    id: &UserId,
    email: &Email,
    name: &str,
    password_hash: &str,
    verify_hash: &TokenHash,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "INSERT INTO account (id, email, name, password_hash, created_at, updated_at,
                              email_verify_hash)
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
        id.as_str(),
        email.as_str(),
        name,
        password_hash,
        to_ms(now),
        verify_hash.as_str(),
    );
    Ok(())
}

/// Deletes the unverified account holding `email`, if one does: someone proving the address
/// (or signing up with it again) takes it over. Returns the deleted account's id.
///
/// # Errors
/// On database failure.
pub async fn delete_unverified(
    a: &mut impl Access,
    email: &Email,
) -> Result<Option<UserId>, StoreError> {
    let id = fetch!(
        a.conn(),
        fetch_optional,
        (String,),
        "DELETE FROM account WHERE email = $1 AND email_verified_at IS NULL RETURNING id",
        email.as_str(),
    );
    Ok(id.map(|(id,)| UserId::from_trusted(id)))
}

/// The unverified account whose link hashes to `verify_hash`, if it was created after
/// `created_after` (older ones have expired): its id and password hash.
///
/// # Errors
/// On database failure.
pub async fn find_unverified(
    a: &mut impl Access,
    verify_hash: &TokenHash,
    created_after: OffsetDateTime,
) -> Result<Option<(UserId, String)>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String, String),
        "SELECT id, password_hash FROM account
         WHERE email_verify_hash = $1 AND email_verified_at IS NULL AND created_at > $2",
        verify_hash.as_str(),
        to_ms(created_after),
    );
    Ok(row.map(|(id, hash)| (UserId::from_trusted(id), hash)))
}

/// Proves the address of the unverified account whose link hashes to `verify_hash`, if it was
/// created after `created_after` (older ones have expired). Of two requests with one link, one
/// gets the account; the link works once.
///
/// # Errors
/// On database failure.
pub async fn verify(
    a: &mut impl Access,
    verify_hash: &TokenHash,
    created_after: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<Option<(UserId, Email)>, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (String, String),
        "UPDATE account SET email_verified_at = $3, email_proved_at = $3,
                email_verify_hash = NULL, updated_at = $3
         WHERE email_verify_hash = $1 AND email_verified_at IS NULL AND created_at > $2
         RETURNING id, email",
        verify_hash.as_str(),
        to_ms(created_after),
        to_ms(now),
    );
    Ok(row.map(|(id, email)| (UserId::from_trusted(id), Email::from_trusted(email))))
}

/// Replaces the link of an unverified account (the older one stops working). False when the
/// account is verified or gone.
///
/// # Errors
/// On database failure.
pub async fn set_verify_hash(
    a: &mut impl Access,
    id: &UserId,
    verify_hash: &TokenHash,
) -> Result<bool, StoreError> {
    Ok(execute!(
        a.conn(),
        "UPDATE account SET email_verify_hash = $2 WHERE id = $1 AND email_verified_at IS NULL",
        id.as_str(),
        verify_hash.as_str(),
    ) == 1)
}

/// Marks the address proved by another link sent to it (a password reset, a change of
/// address, an invitation's newcomer link): the account may sign in from now on, unless it was
/// an unverified one that expired (created before `created_after`). True when it was not
/// allowed to sign in before.
///
/// # Errors
/// On database failure.
pub async fn mark_proved(
    a: &mut impl Access,
    id: &UserId,
    created_after: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let row = fetch!(
        a.conn(),
        fetch_optional,
        (bool,),
        "UPDATE account SET email_proved_at = $2, email_verify_hash = NULL, updated_at = $2,
                email_verified_at = COALESCE(email_verified_at, $2)
         WHERE id = $1 AND (email_verified_at IS NOT NULL OR created_at > $3)
         RETURNING email_verified_at = $2",
        id.as_str(),
        to_ms(now),
        to_ms(created_after),
    );
    Ok(row.is_some_and(|(newly,)| newly))
}

/// Deletes the accounts whose address was still unproved among those created before `before`.
///
/// # Errors
/// On database failure.
pub async fn delete_unverified_before(
    a: &mut impl Access,
    before: OffsetDateTime,
) -> Result<u64, StoreError> {
    Ok(execute!(
        a.conn(),
        "DELETE FROM account WHERE email_verified_at IS NULL AND created_at < $1",
        to_ms(before),
    ))
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
        "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at,
                email_verified_at IS NOT NULL AS verified,
                email_proved_at IS NOT NULL AS proved, locale FROM account WHERE email = $1",
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
        "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at,
                email_verified_at IS NOT NULL AS verified,
                email_proved_at IS NOT NULL AS proved, locale FROM account WHERE id = $1",
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
                "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at,
                email_verified_at IS NOT NULL AS verified,
                email_proved_at IS NOT NULL AS proved, locale
                 FROM account WHERE id = $1",
            )
            .bind(id.as_str())
            .fetch_optional(c)
            .await?
        }
        crate::db::Conn::Postgres(c) => {
            sqlx::query_as::<_, AccountRow>(
                "SELECT id, email, name, password_hash, mfa_enabled, mfa_setup_due, created_at,
                email_verified_at IS NOT NULL AS verified,
                email_proved_at IS NOT NULL AS proved, locale
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

/// Holds an account read before the transaction without reading it again: on PostgreSQL its
/// row is kept from deletion until the transaction ends (`FOR KEY SHARE`: what a new session
/// referencing it needs; false when it is gone or may not sign in); on SQLite the
/// transaction already holds the database's write lock, so nothing is asked, and a deletion
/// since the read shows in the writes that follow (its rows are gone with it).
///
/// # Errors
/// On database failure.
pub async fn hold(a: &mut impl Access, id: &UserId) -> Result<bool, StoreError> {
    Ok(match a.conn() {
        crate::db::Conn::Sqlite(_) => true,
        crate::db::Conn::Postgres(c) => sqlx::query_scalar::<_, i32>(
            "SELECT 1 FROM account WHERE id = $1 AND email_verified_at IS NOT NULL FOR KEY SHARE",
        )
        .bind(id.as_str())
        .fetch_optional(c)
        .await?
        .is_some(),
    })
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

/// Sets (or, with `None`, clears) the language an account chose.
///
/// # Errors
/// On database failure.
pub async fn set_locale(
    a: &mut impl Access,
    id: &UserId,
    locale: Option<domain::Locale>,
) -> Result<(), StoreError> {
    execute!(
        a.conn(),
        "UPDATE account SET locale = $2 WHERE id = $1",
        id.as_str(),
        locale.map(domain::Locale::as_str),
    );
    Ok(())
}

/// The language the account of `email` chose, if there is such an account and it chose one.
///
/// # Errors
/// On database failure.
pub async fn locale_of(
    a: &mut impl Access,
    email: &Email,
) -> Result<Option<domain::Locale>, StoreError> {
    let row: Option<Option<String>> = fetch!(
        a.conn(),
        fetch_optional,
        (Option<String>,),
        "SELECT locale FROM account WHERE email = $1",
        email.as_str(),
    )
    .map(|(l,)| l);
    Ok(row.flatten().and_then(|l| domain::Locale::parse(&l).ok()))
}

/// Whether the account was never offered a passkey: read before [`offer_passkey`] writes, so
/// the sign-ins after the offer cost no write.
///
/// # Errors
/// On database failure.
pub async fn passkey_offer_due(a: &mut impl Access, id: &UserId) -> Result<bool, StoreError> {
    let n = scalar!(
        a.conn(),
        i64,
        "SELECT COUNT(*) FROM account WHERE id = $1 AND passkey_offered_at IS NULL",
        id.as_str(),
    );
    Ok(n > 0)
}

/// Records that the account is offered a passkey now, unless it was offered one before or
/// already has one: true when the offer is to be made. One statement, so two sign-ins at once
/// offer it once.
///
/// # Errors
/// On database failure.
pub async fn offer_passkey(
    a: &mut impl Access,
    id: &UserId,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = execute!(
        a.conn(),
        "UPDATE account SET passkey_offered_at = $2
         WHERE id = $1 AND passkey_offered_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM mfa_method m
                           WHERE m.account_id = $1 AND m.passkey AND m.confirmed_at IS NOT NULL)",
        id.as_str(),
        crate::to_ms(now),
    );
    Ok(n == 1)
}
