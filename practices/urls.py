from django.urls import path

from . import views
from .registers import REGISTERS

app_name = "practices"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:practice>/", views.detail, name="detail"),
    path("<int:practice>/state/", views.transition, name="transition"),
    path("<int:practice>/feature/", views.feature, name="feature"),
]

for register in REGISTERS:
    urlpatterns += register.urls()
