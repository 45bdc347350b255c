"""A NUL byte has no place in an address or a form. No one types one, and PostgreSQL
refuses it in any text: a search, a filter, a page slug or a saved note that held one failed
as a server error wherever it reached the database. Such a request is answered 400 here,
once, before any page or view runs (SQLite would have taken it; the answer is the same on
both)."""

from django.core.exceptions import BadRequest

NUL = "\x00"


def _holds_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _file_name_holds_nul(files) -> bool:
    return any(NUL in (upload.name or "") for _key, uploads in files.lists() for upload in uploads)


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path_info
            or _holds_nul(request.GET)
            or (
                request.method == "POST"
                and (_holds_nul(request.POST) or _file_name_holds_nul(request.FILES))
            )
        ):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)
