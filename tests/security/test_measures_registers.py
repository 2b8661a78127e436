"""II-4 ① objective reviews and ④ the information-security checklist as registers: Excel round
trip, bad input refused on its cell or field with nothing written, outsiders learn nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kokken import xlsx
from security import services
from security.models import Control, Review
from security.registers import CONTROLS, REVIEWS
from tests.security import factories as f

TRICKY = "=HYPERLINK(\"http://x\")"


def seed(agency):
    f.review(agency, findings=TRICKY)
    f.review(agency, reviewer="expert", findings="", follow_up="done",
             reviewed_on=datetime.date(2025, 3, 31))
    f.control(agency, "a_access", evidence="-アクセス制御規程")
    f.control(agency, "x_pentest", tested_on=datetime.date(2024, 6, 1))
    f.control(agency, "x_edr", in_place=False)


def snapshot(register, agency):
    names = [name for name, _label in register.excel]
    return sorted(register.rows(agency=agency, fiscal_year=2024).values_list(*names))


def upload(content, name="back.xlsx"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("register", [REVIEWS, CONTROLS], ids=lambda r: r.key)
def test_the_registers_own_export_uploaded_unchanged_changes_nothing(cast, register, language):
    seed(cast.agency)
    before = snapshot(register, cast.agency)
    with translation.override(language):
        content = register.export_workbook(register.rows(agency=cast.agency, fiscal_year=2024))
        result = register.import_file(upload=upload(content), agency=cast.agency,
                                      fiscal_year=2024, user=cast.editor, replace=True)
    assert result.errors == [] and result.saved == result.replaced == len(before) >= 2
    assert snapshot(register, cast.agency) == before


@pytest.mark.parametrize("register", [REVIEWS, CONTROLS], ids=lambda r: r.key)
def test_the_registers_own_template_uploaded_unchanged_changes_nothing(cast, register):
    seed(cast.agency)
    before = snapshot(register, cast.agency)
    result = register.import_file(upload=upload(register.template_workbook()),
                                  agency=cast.agency, fiscal_year=2024, user=cast.editor,
                                  replace=True)
    assert result.errors == [] and result.saved == 0
    assert snapshot(register, cast.agency) == before


def _workbook(register, rows):
    with translation.override("ja"):
        data = xlsx.table(register.sheet, [str(label) for _n, label in register.excel])
        for row in rows:
            data.append(row)
        return xlsx.from_datasets([data])


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_cell(cast):
    content = _workbook(CONTROLS, [
        ["a_access", "はい", "規程", "2024-09-01", None],
        ["x_pentest", "はい", "報告書", "2024-09-01", None],   # no test date
    ])
    with translation.override("ja"):
        result = CONTROLS.import_file(upload=upload(content), agency=cast.agency,
                                      fiscal_year=2024, user=cast.editor)
    assert result.errors and not Control.objects.exists()
    assert result.errors and all("3行目" in str(e) for e in result.errors), result.errors


def test_a_measure_already_in_the_checklist_is_refused_on_import_and_in_the_form(client_for,
                                                                                 cast):
    f.control(cast.agency, "a_access")
    content = _workbook(CONTROLS, [["a_access", "はい", "規程", "2024-09-01", None]])
    result = CONTROLS.import_file(upload=upload(content), agency=cast.agency, fiscal_year=2024,
                                  user=cast.editor)
    assert result.errors and Control.objects.count() == 1
    response = client_for(cast.editor).post(
        "/security/agencies/riken/information-security/new/?fy=2024",
        {"measure": "a_access", "in_place": "on", "evidence": "規程", "verified_on_0": "2024",
         "verified_on_1": "9", "verified_on_2": "1"})
    assert response.status_code == 200 and "measure" in response.context["form"].errors
    assert Control.objects.count() == 1


def test_the_checklist_form_refuses_nonsense_on_its_fields(client_for, cast):
    client = client_for(cast.editor)
    response = client.post("/security/agencies/riken/information-security/new/?fy=2024", {
        "measure": "x_edr", "in_place": "on", "tested_on_0": "2024", "tested_on_1": "2",
        "tested_on_2": "30"})
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert {"evidence", "verified_on", "tested_on"} <= set(errors)
    response = client.post("/security/agencies/riken/information-security/new/?fy=2024", {
        "measure": "x_pentest", "in_place": "on", "evidence": "報告書",
        "verified_on_0": "2025", "verified_on_1": "4", "verified_on_2": "1"})
    errors = response.context["form"].errors
    assert {"verified_on", "tested_on"} <= set(errors)   # after the year; no test date
    assert not Control.objects.exists()


def test_a_review_outside_its_fiscal_year_is_refused(client_for, cast):
    response = client_for(cast.editor).post("/security/agencies/riken/reviews/new/?fy=2024", {
        "reviewed_on_0": "2025", "reviewed_on_1": "4", "reviewed_on_2": "1",
        "reviewer": "police", "follow_up": "planned"})
    assert response.status_code == 200 and "reviewed_on" in response.context["form"].errors
    assert not Review.objects.exists()


def test_outsiders_learn_nothing_of_the_reviews_and_the_checklist(client_for, cast):
    review = f.review(cast.agency, findings="理研だけの指摘")
    control = f.control(cast.agency, "a_logs", evidence="理研だけの証跡")
    for user in cast.outsiders:
        client = client_for(user)
        for url in ["/security/agencies/riken/", "/security/agencies/riken/reviews/?fy=2024",
                    f"/security/reviews/{review.pk}/history/",
                    f"/api/v1/security/reviews/{review.pk}/",
                    "/security/agencies/riken/information-security/export.xlsx?fy=2024",
                    f"/security/information-security/{control.pk}/",
                    "/security/agencies/riken/foundations/history/?fy=2024"]:
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert "理研だけ" not in response.content.decode()
        for api in ("/api/v1/security/reviews/", "/api/v1/security/information-security/"):
            assert "理研だけ" not in client.get(api).content.decode()


def test_services_refuse_other_agencies_and_non_supervising_reviewers_and_write_nothing(cast):
    for user in (cast.other_editor, cast.other_reviewer, cast.reviewer, cast.secretariat):
        with pytest.raises(PermissionDenied):
            services.review_save(instance=Review(
                agency=cast.agency, fiscal_year=2024, reviewed_on=datetime.date(2024, 5, 1),
                reviewer="police"), user=user)
        with pytest.raises(PermissionDenied):
            services.control_save(instance=Control(
                agency=cast.agency, fiscal_year=2024, measure="x_ips"), user=user)
        with pytest.raises(PermissionDenied):
            services.foundations_save(agency=cast.agency, fiscal_year=2024,
                                      values={"monitoring": True}, user=user)
        with pytest.raises(PermissionDenied):
            services.export_control_save(agency=cast.agency, fiscal_year=2024,
                                         values={"licences": 3}, user=user)
        with pytest.raises(PermissionDenied):
            services.trade_secrets_save(agency=cast.agency, fiscal_year=2024,
                                        values={"levels": 3}, user=user)
        with pytest.raises(PermissionDenied):
            services.challenges_save(agency=cast.agency, fiscal_year=2024,
                                     values={"specialists": True}, user=user)
    from security.models import Challenges, ExportControl, Foundations, TradeSecrets

    for model in (Review, Control, Foundations, ExportControl, TradeSecrets, Challenges):
        assert not model.objects.exists(), model


def test_a_measure_twice_in_one_file_is_refused_on_its_cell_and_nothing_is_written(cast):
    content = _workbook(CONTROLS, [
        ["a_access", "はい", "規程", "2024-09-01", None],
        ["a_logs", "はい", "ログ管理規程", "2024-09-01", None],
        ["a_access", "いいえ", None, None, None],            # row 4 repeats row 2
    ])
    with translation.override("ja"):
        result = CONTROLS.import_file(upload=upload(content), agency=cast.agency,
                                     fiscal_year=2024, user=cast.editor)
        preview = CONTROLS.import_file(upload=upload(content), agency=cast.agency,
                                      fiscal_year=2024, user=cast.editor, replace=True,
                                      dry_run=True)
    assert not Control.objects.exists()
    assert len(result.errors) == 1 and result.errors == preview.errors
    message = result.errors[0]
    assert "4行目" in message and "A列" in message and "2行目" in message, message
