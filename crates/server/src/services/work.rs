//! A unit of work: one write transaction and what must follow its commit. Queuing an email or a
//! text through it wakes the outbox worker once the commit lands; changing an account through
//! it (locking it, or saying so) evicts that account's cached sessions after the commit — so no
//! use case has to remember either, and nothing is woken or evicted for a rolled-back change.
//!
//! It must not hold rules: it only carries the transaction and the after-commit steps.

use domain::{TokenHash, UserId};
use store::accounts::AccountLock;
use store::{Access, Conn, Tx};

use crate::error::AppResult;
use crate::state::AppState;

/// One write transaction of a use case. Dropped without [`Work::commit`], it rolls back and
/// nothing follows.
pub struct Work<'s> {
    st: &'s AppState,
    tx: Tx,
    queued: bool,
    accounts: Vec<UserId>,
    sessions: Vec<TokenHash>,
    everyone: bool,
    push: bool,
}

impl Access for Work<'_> {
    fn conn(&mut self) -> Conn<'_> {
        self.tx.conn()
    }
}

impl<'s> Work<'s> {
    /// Begins the transaction.
    ///
    /// # Errors
    /// When the database cannot be reached.
    pub async fn begin(st: &'s AppState) -> AppResult<Self> {
        Ok(Self {
            st,
            tx: st.store.begin().await?,
            queued: false,
            accounts: Vec::new(),
            sessions: Vec::new(),
            everyone: false,
            push: false,
        })
    }

    /// Notes that a message was queued in the outbox: the commit wakes its worker.
    pub fn queued(&mut self) {
        self.queued = true;
    }

    /// Notes that what an account's sessions are decided on changed (its methods,
    /// organizations, policies, sessions): the commit evicts its cached sessions.
    pub fn changed(&mut self, account: &UserId) {
        if !self.accounts.contains(account) {
            self.accounts.push(account.clone());
        }
    }

    /// Notes that one session changed (ended, or its token replaced): the commit evicts it.
    pub fn changed_session(&mut self, token_hash: &TokenHash) {
        self.sessions.push(token_hash.clone());
    }

    /// Notes that a sign-in now waits for a device's approval: the commit wakes the devices
    /// waiting on every node.
    pub fn woke_push(&mut self) {
        self.push = true;
    }

    /// Notes that what every session is decided on may have changed (an organization began to
    /// enforce): the commit empties the session cache.
    pub fn changed_everyone(&mut self) {
        self.everyone = true;
    }

    /// Locks the account row for a change (see [`store::accounts::lock`]); the commit evicts its
    /// cached sessions.
    ///
    /// # Errors
    /// `None` when there is no such account; database failures.
    pub async fn lock_account(&mut self, account: &UserId) -> AppResult<Option<AccountLock>> {
        let locked = store::accounts::lock(&mut self.tx, account).await?;
        if locked.is_some() {
            self.changed(account);
        }
        Ok(locked)
    }

    /// Commits, then wakes the outbox and evicts the changed sessions — on this node at once,
    /// and on the others when they hear the announcement the commit delivers (`fanout`).
    ///
    /// # Errors
    /// When the commit fails (then nothing follows).
    pub async fn commit(mut self) -> AppResult<()> {
        let changes = crate::fanout::Changes {
            accounts: &self.accounts,
            sessions: &self.sessions,
            everyone: self.everyone,
            push: self.push,
        };
        if let Some(payload) = crate::fanout::payload(&changes) {
            store::changes::announce(&mut self.tx, &payload).await?;
        }
        self.tx.commit().await?;
        if self.push {
            self.st.push_wake.notify_waiters();
        }
        if self.queued {
            self.st.outbox_wake.notify_one();
        }
        if self.everyone {
            self.st.sessions.clear();
        }
        for account in &self.accounts {
            self.st.sessions.evict_account(account);
        }
        for hash in &self.sessions {
            self.st.sessions.evict(hash);
        }
        Ok(())
    }
}
