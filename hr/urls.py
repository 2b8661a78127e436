from django.urls import path

from . import views
from .records import RECORDS
from .registers import REGISTERS

app_name = "hr"

A = "agencies/<slug:agency>/"

urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export.xlsx", views.indicators_export, name="indicators_export"),
    path(A, views.register, name="register"),
    path(A + "copy-previous-year/", views.copy_previous, name="copy_previous"),
]

# The one-record-per-year pages (pay schemes, salary benchmark and its check, funding,
# cross-appointment scheme).
for record in RECORDS:
    urlpatterns += record.urls()

# The row registers' pages (list, new, edit, delete, Excel import / template / export).
for register in REGISTERS:
    urlpatterns += register.urls()
