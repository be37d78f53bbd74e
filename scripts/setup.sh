#!/usr/bin/env bash
# Installs what a fresh machine lacks beyond the Rust toolchain.
# Today that is nothing but the toolchain's own components; system packages
# needed by later stages are added here, never assumed.
set -euo pipefail
if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: cargo not found; install Rust from https://rustup.rs first" >&2
    exit 1
fi
for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^${component}"; then
        rustup component add "$component" || echo "setup: could not add $component (offline?); continuing" >&2
    fi
done
