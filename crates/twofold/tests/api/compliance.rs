//! Compliance: preview, CSV export, reminders, security alerts, per-member deadlines,
//! auto-enforcement, admin reset and app passwords under a policy.
