from django.urls import path

from . import views
from .records import RECORDS
from .registers import REGISTERS

app_name = "training"

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export.xlsx", views.indicators_export, name="indicators_export"),
    path("agencies/<slug:agency>/", views.chapter, name="chapter"),
    path("programmes/<int:programme>/request/", views.seat_request_new, name="seat_request_new"),
    path("seat-requests/<int:seatrequest>/", views.seat_request, name="seatrequest"),
    path("strategies/<int:strategy>/document/", views.strategy_document,
         name="strategy_document"),
    path("seat-requests/<int:seatrequest>/decide/", views.seat_request_decide,
         name="seatrequest_decide"),
    path("seat-requests/<int:seatrequest>/cancel/", views.seat_request_cancel,
         name="seatrequest_cancel"),
]

for record in RECORDS:
    urlpatterns += record.urls()

for register in REGISTERS:
    urlpatterns += register.urls()
