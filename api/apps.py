from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API (/api/v1/): the top floor. It reads and writes through the apps below it
    (kokken, agreements, the chapters' registers); no app imports it."""

    name = "api"
    verbose_name = _("API")
    url_prefix = "api/"  # kokken/urls.py mounts api.urls here, as it does every app's
