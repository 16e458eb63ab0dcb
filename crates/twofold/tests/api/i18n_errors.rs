//! The errors area in the languages of its users.
