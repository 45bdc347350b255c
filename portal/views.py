from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    """The portal's front door: who you are and where your work starts."""
    return render(request, "portal/dashboard.html")
