"""Reads. Functions that return what a screen or the public site needs, in a fixed number
of queries however much data there is."""
