"""A token and its header for tests that write through the API (routes that write need one)."""

from __future__ import annotations

TOKEN = "test-writer-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
