//! Integration tests: the real `twofold` binary on a random port, against a real SQLite file and
//! a real PostgreSQL server, driven over HTTP. Every test runs on both backends.

mod helpers;

mod account_deletion;
mod accounts;
mod app_passwords;
mod authz;
mod backup;
mod bad_input;
mod cli;
mod clients;
mod compliance;
mod csrf;
mod email_change;
mod export;
mod forward_auth;
mod forward_auth_nginx;
mod hardening;
mod home;
mod i18n_email;
mod i18n_errors;
mod i18n_orgs;
mod i18n_security;
mod i18n_signin;
mod invitation_lists;
mod language;
mod member_admin;
mod metrics;
mod mfa;
mod my_sessions;
mod nodes;
mod oidc;
mod openapi;
mod org_powers;
mod orgs;
mod outbox;
mod password_reset;
mod policy;
mod push;
mod resilience;
mod sessions;
mod signup;
mod sms;
mod stories;
mod tcp_proxy;
mod webauthn;
