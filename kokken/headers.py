"""Response headers for confidential content."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page for a signed-in user and every download.

    Unpublished self-assessments and security records must not stay in a shared
    browser's or proxy's cache after sign-out. Static files never reach this
    middleware (WhiteNoise answers them earlier) and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if signed_in or download:
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
        return response
