from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


@transaction.non_atomic_requests  # no transaction to open: the least Django can do
def ping(request):
    """The baseline: the cheapest answer Django can give through the same stack."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), *site]
