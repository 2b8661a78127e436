from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpConfig(AppConfig):
    name = "ip"
    verbose_name = _("II-3 IP and social implementation")
