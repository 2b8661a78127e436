from django.urls import path

from . import views
from .registers import REGISTERS

app_name = "hr"

A = "agencies/<slug:agency>/"

urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export.xlsx", views.indicators_export, name="indicators_export"),
    path(A, views.register, name="register"),
    path(A + "copy-previous-year/", views.copy_previous, name="copy_previous"),
    path(A + "pay/", views.pay_schemes_edit, name="pay_schemes"),
    path(A + "salary/", views.benchmark_edit, name="benchmark"),
    path(A + "salary/review/", views.benchmark_review, name="benchmark_review"),
    path(A + "funding/", views.funding_edit, name="funding"),
    path(A + "cross-appointment-scheme/", views.crossappointment_scheme_edit,
         name="crossappointment_scheme"),
]

# The row registers' pages (list, new, edit, delete, Excel import / template / export).
for register in REGISTERS:
    urlpatterns += register.urls()
