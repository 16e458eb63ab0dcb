//! The email area in the languages of its users.
