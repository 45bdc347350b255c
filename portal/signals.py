"""What the portal tells the rest of the project about, without knowing who listens."""

from django.dispatch import Signal

# A guardian gave or withdrew consent for one purpose (sent after the change is committed):
# student_id, purpose ("device", "photo", "story"), granted.
consent_changed = Signal()
