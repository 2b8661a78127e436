"""The II-2, II-3 and II-4 home-panel figures are cached under their registers' version
(kokken/figures.py, issue 18): once cached, a home reads none of those registers, and any
create, change or delete of a register row shows on the next page at once."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ip.models import CoiCase
from kokken import wareki
from security.models import Control, Measure
from tests.ip import factories as ip_f
from tests.security import factories as security_f
from training.models import Strategy

pytestmark = pytest.mark.django_db

# The registers the panels' figures read (their history tables give the version).
CHAPTER_TABLES = ('"ip_coicase"', '"ip_coirules"', '"ip_startup"', '"ip_ipmanagement"',
                  '"security_control"', '"training_trainingneeds"', '"training_programme"',
                  '"training_seatrequest"', '"training_strategy"', '"training_uptake"')


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/agencies/")
    assert response.status_code == 200
    return response.context, [q["sql"] for q in queries]


def test_a_cached_home_reads_none_of_the_chapter_registers(cast, client_for):
    cache.clear()
    client = client_for(cast.secretariat)
    _context, first = _home(client)
    assert any(table in sql for sql in first for table in CHAPTER_TABLES)
    _context, second = _home(client)
    assert not [sql for sql in second if any(table in sql for table in CHAPTER_TABLES)]


@pytest.mark.parametrize("change", ["create", "edit", "delete"])
def test_an_ip_register_change_shows_on_the_home_at_once(cast, client_for, change):
    cache.clear()
    year = wareki.fiscal_year()
    case = ip_f.case(cast.agency, fiscal_year=year, days=10)
    client = client_for(cast.secretariat)
    before = _home(client)[0]["ip_median"].value
    if change == "create":
        ip_f.case(cast.other_agency, fiscal_year=year, days=30)
    elif change == "edit":
        case.decided_on = case.received_on + datetime.timedelta(days=40)
        case.save()
    else:
        CoiCase.objects.get(pk=case.pk).delete()
    after = _home(client)[0]["ip_median"].value
    assert before == 10
    assert after == {"create": 20, "edit": 40, "delete": None}[change]


@pytest.mark.parametrize("change", ["create", "edit", "delete"])
def test_a_security_checklist_change_shows_on_the_home_at_once(cast, client_for, change):
    cache.clear()
    year = wareki.fiscal_year()
    control = security_f.control(cast.agency, Measure.choices[0][0], fiscal_year=year)
    client = client_for(cast.secretariat)
    before = _home(client)[0]["security_coverage"]
    assert (before.reported, before.rows[0].count) == (1, 1)
    if change == "create":
        security_f.control(cast.other_agency, Measure.choices[0][0], fiscal_year=year)
    elif change == "edit":
        control.in_place = False
        control.save()
    else:
        Control.objects.get(pk=control.pk).delete()
    after = _home(client)[0]["security_coverage"]
    assert (after.reported, after.rows[0].count) == {
        "create": (2, 2), "edit": (1, 0), "delete": (0, 0)}[change]


@pytest.mark.parametrize("change", ["create", "edit", "delete"])
def test_a_training_register_change_shows_on_the_home_at_once(cast, client_for, change):
    cache.clear()
    year = wareki.fiscal_year()
    strategy = Strategy.objects.create(agency=cast.agency, fiscal_year=year, exists=True,
                                       adopted_on=datetime.date(year, 4, 1))
    client = client_for(cast.secretariat)
    assert _home(client)[0]["training_strategy"].numerator == 1
    if change == "create":
        Strategy.objects.create(agency=cast.other_agency, fiscal_year=year, exists=True,
                                adopted_on=datetime.date(year, 4, 1))
    elif change == "edit":
        strategy.exists = False
        strategy.save()
    else:
        Strategy.objects.get(pk=strategy.pk).delete()
    assert _home(client)[0]["training_strategy"].numerator == {
        "create": 2, "edit": 0, "delete": 0}[change]


def test_cached_figures_keep_their_labels_as_plain_strings_of_the_language(db):
    # Unpickling a lazy translation builds a class: the figures keep the string it is now,
    # under a key of that language.
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from kokken import figures

    cache.clear()
    label = gettext_lazy("Due date")
    with translation.override("ja"):
        ja = figures.cached("test-labels", (), (), lambda: {"label": label})
        again = figures.cached("test-labels", (), (), lambda: {"label": "computed again"})
    with translation.override("en"):
        en = figures.cached("test-labels", (), (), lambda: {"label": label})
    assert type(ja["label"]) is str and ja["label"] == "提出期限"
    assert again == ja
    assert en["label"] == "Due date"


def test_the_registers_version_changes_with_any_register_row(cast, rf):
    from kokken import figures

    def version():
        request = rf.get("/")
        return figures.registers_version(request, ["training"])

    before = version()
    strategy = Strategy.objects.create(agency=cast.agency, fiscal_year=wareki.fiscal_year(),
                                       exists=True)
    created = version()
    strategy.delete()
    assert before != created != version() != before
