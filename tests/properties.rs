//! The laws, stated as properties.
