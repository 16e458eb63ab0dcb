//! The signin area in the languages of its users.
