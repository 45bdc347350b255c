"""Spec checks without typing: a device's own hardware report, read into one snapshot format.

- `snapshot`: the project's snapshot format (versioned, a JSON Schema in `schema/`), read from
  any upload it accepts, and turned into the spec check's `Measurements`;
- `windows`, `linux`, `ereuse`: parsers from what the capture scripts (`capture/`) send, and
  from eReuse Workbench snapshots, into that format (`assemble` holds what they share);
- `scripts`: the capture scripts as published (with their SHA-256) and each device's own copy.
"""
