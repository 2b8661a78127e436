from django.urls import path

from . import views
from .records import RECORDS
from .registers import REGISTERS

app_name = "security"

urlpatterns = [
    path("integrity/", views.integrity, name="integrity"),
    path("integrity/export.xlsx", views.integrity_export, name="integrity_export"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.xlsx", views.overview_export, name="overview_export"),
    path("agencies/<slug:agency>/", views.chapter, name="chapter"),
]
for record in RECORDS:
    urlpatterns += record.urls()
for register in REGISTERS:
    urlpatterns += register.urls()
