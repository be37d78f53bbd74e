//! The Arabic text layer.
