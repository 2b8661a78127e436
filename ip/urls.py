from django.urls import path

from . import views
from .records import RECORDS
from .registers import REGISTERS

app_name = "ip"

urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export.xlsx", views.indicators_export, name="indicators_export"),
    path("agencies/<slug:agency>/", views.chapter, name="chapter"),
]

for record in RECORDS:
    urlpatterns += record.urls()

for register in REGISTERS:
    urlpatterns += register.urls()
