"""What an error report (the e-mail to ADMINS, the debug page) may contain.

The portal holds minors' data. A crash report from a portal page keeps the traceback (file,
line, function) but none of the values: no form fields, no local variables, no settings
values that Django's default filter would have shown. Public pages keep Django's default
filtering (passwords and keys hidden).
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

PRIVATE_PREFIXES = ("/portal/", "/en/portal/", "/accounts/")


def _private(request) -> bool:
    return request is not None and request.path.startswith(PRIVATE_PREFIXES)


class PrivacyExceptionReporterFilter(SafeExceptionReporterFilter):
    def _private(self, request) -> bool:
        return _private(request)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self._private(request):
            meta["QUERY_STRING"] = self.cleansed_substitute  # a search for a child's name
        return meta

    def get_post_parameters(self, request):
        if self._private(request):
            return dict.fromkeys(request.POST, self.cleansed_substitute)
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if self._private(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)

    def is_active(self, request):
        return True  # even with DEBUG on, on a demo machine with real data


class PrivacyExceptionReporter(ExceptionReporter):
    """Django lists the query-string parameters outside the filter: hide them too."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if _private(self.request):
            substitute = self.filter.cleansed_substitute
            data["request_GET_items"] = [(name, substitute) for name in self.request.GET]
        return data
