"""Small site-wide response headers Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses, such as camera and location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
