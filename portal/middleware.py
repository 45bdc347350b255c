import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from portal import access

LAST_SEEN = "last_seen"  # session key: when this signed-in person last made a request
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute for this


class IdleSessionTimeoutMiddleware:
    """Sign out whoever has made no request for SESSION_IDLE_MINUTES: a phone or a commune
    hall computer left signed in does not stay a door into children's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now, last = int(time.time()), request.session.get(LAST_SEEN)
            if last and now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("Bạn đã được đăng xuất vì lâu không thao tác."))
            elif not last or now - last > TOUCH_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SessionFactorsMiddleware:
    """Note on `request.user` whether this session gave a second factor, for the access
    policy to read (`portal.access.note_session_factors` says why it travels this way).
    After the idle sign-out, so a session just ended is not noted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        access.note_session_factors(request)
        return self.get_response(request)
