//! The security area in the languages of its users.
