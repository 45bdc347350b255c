from django.db import models


class OnceOnly(models.Model):
    """A record a form makes, where the form may arrive more than once (a double tap, a retry
    after a timeout, an offline re-send). The form's one-time key is unique in the database,
    so every copy lands on one record: portal/services/once.py looks it up and creates."""

    # Null for records made without a form (imports, the demo data, older rows).
    form_key = models.UUIDField(unique=True, null=True, editable=False)

    class Meta:
        abstract = True
