"""Small site-wide response headers Django has no setting for."""

from django.conf import settings
from django.http import QueryDict

from .errors import error_page


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses, such as camera and location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DutchErrorPagesMiddleware:
    """Gives bare error responses (such as 405 from a wrong method) a Dutch page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = error_page(request, 405)
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response


class StripNullBytesMiddleware:
    """Removes NUL characters from query parameters: no page needs them, and PostgreSQL
    refuses text that holds them, which would turn a garbage link into an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
