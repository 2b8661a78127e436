"""Small factories for II-2 rows (no seed_demo in tests)."""

import datetime

from kokken.models import Agency
from training.models import Programme, SeatRequest, TrainingNeeds


def programme(agency, *, fiscal_year=2024, capacity=10, open_to_others=True, **values):
    return Programme.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year, "title": "研究マネジメント基礎研修",
        "category": "research_management", "format": "online",
        "start_date": datetime.date(fiscal_year, 6, 1), "capacity": capacity,
        "open_to_others": open_to_others, **values})


def seat_request(requesting, programme_, *, seats=2, state=SeatRequest.State.REQUESTED):
    return SeatRequest.objects.create(programme=programme_, requesting_agency=requesting,
                                      providing_agency_id=programme_.agency_id, seats=seats,
                                      state=state)


def needs(agency, *, fiscal_year=2023, uses=False, wants=False, **values):
    return TrainingNeeds.objects.create(agency=agency, fiscal_year=fiscal_year,
                                        uses_external=uses, wants_external=wants, **values)


def nims():
    return Agency.objects.get(code="nims")
