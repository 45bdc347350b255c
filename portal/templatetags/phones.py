"""`{{ offer.phone|phone }}`: a stored number as people read it ("0912 345 678"); the `tel:`
link keeps the stored E.164, which every phone dials."""

from django import template

from portal.phones import phone_national

register = template.Library()
register.filter("phone", phone_national)
