from django.urls import path

from . import views
from .registers import REGISTERS

app_name = "security"

urlpatterns = [
    path("integrity/", views.integrity, name="integrity"),
    path("integrity/export.xlsx", views.integrity_export, name="integrity_export"),
]
for register in REGISTERS:
    urlpatterns += register.urls()
