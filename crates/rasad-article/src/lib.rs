//! Article extraction: from a decoded record to a clean body and metadata.
