"""Thin forms: validation and Vietnamese messages; the writes happen in portal.services."""
