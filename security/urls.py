from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("integrity/", views.integrity, name="integrity"),
    path("integrity/export.xlsx", views.integrity_export, name="integrity_export"),
]
