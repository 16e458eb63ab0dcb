//! The orgs area in the languages of its users.
