"""Thin views: each asks portal.access who may do what, calls a selector or a service, and
renders. Another team's object is a 404 (scoped querysets), an action one may see but not
take is a 403."""
