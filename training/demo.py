"""II-2 demo data: the agreement's programmes, open programmes from several agencies, seat
requests in every state, training needs of every agency over two fiscal years. Marked 【デモ】."""

from __future__ import annotations

import datetime
import random

from kokken import wareki
from kokken.models import Agency

from . import services
from .models import (
    NEED_FIELDS,
    Category,
    Format,
    Need,
    Programme,
    SeatRequest,
    Strategy,
    TrainingNeeds,
    Uptake,
)

DEMO = "【デモ】"


# Footnote 4 of the agreement: of the 27 国研 surveyed (FY2023), 13 use or want to use
# training outside their own (「27 機関中 13 機関」). The demo's FY2023 needs have that shape;
# which 13 is the demo's choice, not the survey's (it names none).
SURVEY_YEAR, SURVEY_EXTERNAL = 2023, 13


def _footnote_4_survey(rng: random.Random) -> list[TrainingNeeds]:
    needs = []
    for n, agency in enumerate(Agency.objects.kokken_in(SURVEY_YEAR).order_by("code")):
        external = n % 2 == 0 and n // 2 < SURVEY_EXTERNAL
        values = {name: rng.choice([Need.NONE, Need.OWN, Need.UNMET]) for name in NEED_FIELDS}
        if external:
            values[NEED_FIELDS[n % len(NEED_FIELDS)]] = Need.OUTSIDE
        needs.append(TrainingNeeds(agency=agency, fiscal_year=SURVEY_YEAR,
                                   uses_external=external and n % 4 == 0,
                                   wants_external=external and n % 4 != 0, **values))
    return needs


def seed(stdout=None) -> None:
    rng = random.Random(22)
    this = wareki.fiscal_year()
    years = [this - 1, this]
    agencies = list(Agency.objects.kokken_in(this).order_by("code"))
    if Programme.objects.filter(title__startswith=DEMO).exists():
        return
    for year in years:
        services.catalogue_load(fiscal_year=year)
    providers = agencies[::4]
    programmes = []
    for year in years:
        for i, agency in enumerate(providers):
            category = Category.values[i % len(Category.values)]
            always = i % 3 == 2
            programmes.append(Programme(
                agency=agency, fiscal_year=year,
                title=f"{DEMO}{agency.abbr} {Category(category).label}研修", category=category,
                format=Format.values[i % 3], always_open=always,
                start_date=None if always else datetime.date(year, 6 + i % 5, 1),
                capacity=None if always else 10 + i, open_to_others=True))
    Programme.objects.bulk_create(programmes)
    states = list(SeatRequest.State.values)
    requests = []
    for n, programme in enumerate(Programme.objects.filter(title__startswith=DEMO)):
        for k in range(2):
            requester = agencies[(n * 3 + k * 7 + 1) % len(agencies)]
            if requester.pk == programme.agency_id:
                continue
            state = states[(n + k) % len(states)]
            requests.append(SeatRequest(
                programme=programme, requesting_agency=requester,
                providing_agency_id=programme.agency_id, seats=1 + (n + k) % 3, state=state,
                note=f"{DEMO}研究推進部門",
                reason=f"{DEMO}定員に達したため" if state == SeatRequest.State.DECLINED else ""))
    SeatRequest.objects.bulk_create(requests)
    needs = []
    for year in years:
        for agency in agencies:
            values = {name: rng.choice(Need.values) for name in NEED_FIELDS}
            uses = any(v in (Need.OTHER_AGENCY, Need.OUTSIDE) for v in values.values())
            needs.append(TrainingNeeds(agency=agency, fiscal_year=year, uses_external=uses,
                                       wants_external=not uses and rng.random() < 0.2,
                                       **values))
    if SURVEY_YEAR not in years:
        needs += _footnote_4_survey(random.Random(SURVEY_YEAR))
    # Only the (agency, year) pairs without a record: a bulk_create that ignores conflicts
    # cannot record history (kokken/history.py).
    have = set(TrainingNeeds.objects.filter(fiscal_year__in=[*years, SURVEY_YEAR])
               .values_list("agency_id", "fiscal_year"))
    TrainingNeeds.objects.bulk_create(
        [n for n in needs if (n.agency_id, n.fiscal_year) not in have])
    uptake, strategies = [], []
    for year in years:
        for n, agency in enumerate(agencies):
            uptake.append(Uptake(agency=agency, fiscal_year=year, ura_certified=n % 3,
                                 rttp=1 if n % 7 == 0 else 0, other_certifications=n % 2,
                                 **{name: rng.randint(0, 40) for name in NEED_FIELDS}))
            has = (n + year) % 3 != 0
            strategies.append(Strategy(
                agency=agency, fiscal_year=year, exists=has,
                adopted_on=datetime.date(year, 4, 1) if has else None,
                title=f"{DEMO}専門人材の確保・育成に関する戦略" if has else ""))
    for model, rows in ((Uptake, uptake), (Strategy, strategies)):
        have = set(model.objects.filter(fiscal_year__in=years)
                   .values_list("agency_id", "fiscal_year"))
        model.objects.bulk_create([r for r in rows if (r.agency_id, r.fiscal_year) not in have])
    if stdout is not None:
        stdout.write(f"training: {len(programmes)} programmes, {len(requests)} seat requests, "
                     f"{len(needs)} needs records")
