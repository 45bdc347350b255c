"""Writes. One keyword-only function per use case, each in one transaction, each leaving an
audit record; views and forms call these and nothing else changes the data."""
