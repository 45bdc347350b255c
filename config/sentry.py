"""Optional error reporting to Sentry (SENTRY_DSN). A crash report must never carry a
child's data, a guardian's phone or a requester's description: nothing that identifies a
person is sent (`send_default_pii=False`), form bodies, query strings and cookies are
dropped, and any value under a personal-data key is replaced, at every depth."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

# Field names that hold personal data anywhere in the project (students, guardians, donors,
# requesters, volunteers).
PERSONAL = {
    "full_name",
    "birth_date",
    "guardian_name",
    "guardian_phone",
    "name",
    "donor_name",
    "phone",
    "donor_phone",
    "email",
    "address",
    "description",
    "note",
    "notes",
    "first_name",
    "last_name",
    "password",
    "serial",
}
REDACTED = "[đã ẩn]"


def scrub(value):
    if isinstance(value, dict):
        return {
            key: REDACTED if str(key).lower() in PERSONAL else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def before_send(event, hint):
    request = event.get("request") or {}
    for part in ("data", "query_string", "cookies"):
        request.pop(part, None)
    headers = request.get("headers") or {}
    for header in ("Cookie", "Authorization", "X-Csrftoken"):
        headers.pop(header, None)
    for frame_holder in (event.get("exception") or {}).get("values", []):
        for frame in (frame_holder.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)  # local variables may hold a student's record
    return scrub(event)


def sentry_init(dsn: str, *, environment: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        traces_sample_rate=0.0,
    )
