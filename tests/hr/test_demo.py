from hr import demo, selectors
from hr.models import CrossAppointment, Initiative, PayScheme, PersonnelFunding, SalaryBenchmark
from kokken.models import Agency
from tests.conftest import sign_in


def test_demo_fills_every_agency_for_two_years_and_is_idempotent(demo_data):
    for year in demo.YEARS:   # every 国研 of the year: 27 up to FY2024, 26 from FY2025
        n = Agency.objects.kokken_in(year).count()
        assert n == (27 if year <= 2024 else 26)
        assert PayScheme.objects.filter(fiscal_year=year).values("agency").distinct().count() == n
        assert SalaryBenchmark.objects.filter(fiscal_year=year).count() == n
        assert PersonnelFunding.objects.filter(fiscal_year=year).count() == n
        assert Initiative.objects.filter(fiscal_year=year).values("agency").distinct().count() == n
    counts = {m: m.objects.count() for m in (PayScheme, CrossAppointment, SalaryBenchmark)}
    assert demo.seed()["rows"] == 0
    assert counts == {m: m.objects.count() for m in counts}


def test_demo_values_are_labelled_and_plausible(db):
    demo.seed()
    assert not CrossAppointment.objects.exclude(partner_name__startswith="デモ").exists()
    assert not SalaryBenchmark.objects.exclude(explanation__startswith="【デモ】").exists()
    assert not Initiative.objects.exclude(description__startswith="【デモ】").exists()
    values = selectors.indicator_values(fiscal_year=2024, agencies=Agency.objects.all())
    assert 35 <= values[selectors.ANNUAL_SALARY].value <= 85
    assert values[selectors.CROSSAPPOINTMENT].value >= 75


def test_every_page_works_for_every_demo_role(demo_data, client):
    """Each demo user opens every II-1 page: allowed ones render, others refuse (no errors)."""
    from kokken import access
    from kokken.models import User

    riken = Agency.objects.get(code="riken")
    ca = CrossAppointment.objects.filter(agency=riken, fiscal_year=2024).first()
    base = "/hr/agencies/riken/"
    pages = {  # url: permission needed on RIKEN (None: any signed-in user)
        "/hr/indicators/?fy=2024": None, "/hr/indicators/?fy=2023": None,
        "/hr/indicators/export.xlsx?fy=2024": None,
        base + "?fy=2024": "view", base + "cross-appointments/?fy=2024": "view",
        base + "secondments/?fy=2024": "view", base + "initiatives/?fy=2024": "view",
        base + "cross-appointments/export.xlsx?fy=2024": "view",
        base + "pay/?fy=2024": "edit", base + "salary/?fy=2024": "edit",
        base + "funding/?fy=2024": "edit", base + "cross-appointments/new/?fy=2024": "edit",
        base + "cross-appointments/import/?fy=2024": "edit",
        base + "secondments/new/?fy=2024": "edit", base + "initiatives/new/?fy=2024": "edit",
        f"/hr/cross-appointments/{ca.pk}/": "edit",
        base + "salary/review/?fy=2024": "review",
    }
    homes = {"/agencies/": None, "/agencies/riken/": "view", "/ministries/MEXT/": None}
    # One demo user of each kind that can see differently (role, own agency or not,
    # supervising ministry or not, council member): the other 60-odd users add time,
    # not cases.
    kinds = {}
    for user in User.objects.exclude(role="admin").select_related("agency", "ministry"):
        kind = (user.role, user.agency_id == riken.pk,
                user.ministry_id is not None and user.ministry.code == "MEXT",
                user.council_member)
        kinds.setdefault(kind, user)
    assert len(kinds) >= 6, kinds
    for user in kinds.values():
        sign_in(client, user)
        for url, perm in {**pages, **homes}.items():
            status = client.get(url).status_code
            if url == "/ministries/MEXT/":
                allowed = user.is_secretariat or (user.is_reviewer and user.ministry.code == "MEXT")
            else:
                allowed = perm is None or access.can(user, access.Perm(perm), riken)
            if allowed:
                assert status == 200, (user.username, url, status)
            else:
                assert status in (403, 404), (user.username, url, status)
