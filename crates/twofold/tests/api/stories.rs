//! The seed stories (Infomaniak, Informer, Scaleway) replayed end to end over HTTP.
