"""II-4-A1 「国研協のアンケートから得られた好事例や教訓」: the council's curators and the
secretariat record survey results as entries (source: council survey), shown with their
survey and found by that source."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practices import services
from practices.models import Practice, Source
from tests.practices import factories as f

URL = "/practices/surveys/new/"
RESULT = {"survey": "国研協 研究セキュリティに関するアンケート", "fiscal_year": "2024",
          "finding": "lesson", "title_ja": "輸出管理の該非判定を研究開始前に行う",
          "summary_ja": "共同研究の開始後に該非判定をした例で手戻りが生じた。",
          "chapter": "II-4", "section": "II-4"}


def _curator(cast):
    cast.approver.council_member = True
    cast.approver.save()
    return cast.approver


@pytest.mark.parametrize("who", ["secretariat", "curator"])
def test_a_curator_or_the_secretariat_records_a_survey_result(cast, client_for, who):
    user = _curator(cast) if who == "curator" else cast.secretariat
    client = client_for(user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, RESULT)
    assert response.status_code == 302
    entry = Practice.objects.get(title_ja=RESULT["title_ja"])
    assert (entry.source, entry.agency, entry.state) == (Source.SURVEY, None, "published")
    assert entry.survey == RESULT["survey"] and entry.finding == "lesson"
    assert entry.published_by == user and entry.history.count() == 1
    page = client_for(cast.other_editor).get(response.url).content.decode()
    assert RESULT["survey"] in page and "教訓" in page


@pytest.mark.parametrize("who", ["editor", "other_editor", "reviewer", "other_reviewer"])
def test_who_is_no_curator_may_not_record_survey_results(cast, client_for, who):
    user = getattr(cast, who)
    if who == "other_reviewer":  # the flag on a ministry reviewer gives nothing
        user.council_member = True
        user.save()
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, RESULT).status_code == 403
    with pytest.raises(PermissionDenied):
        services.survey_result_record(values={**RESULT, "fiscal_year": 2024}, user=user)
    assert not Practice.objects.exists()


def test_a_survey_result_names_its_survey_and_kind(cast, client_for):
    response = client_for(cast.secretariat).post(URL, {**RESULT, "survey": "", "finding": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "＊" in body
    assert not Practice.objects.exists()
    with pytest.raises(ValidationError):
        services.survey_result_record(values={**RESULT, "fiscal_year": 2024, "survey": " "},
                                      user=cast.secretariat)


def test_an_agencys_proposal_names_no_survey(cast):
    entry = Practice(agency=cast.agency, fiscal_year=2024, title_ja="t", summary_ja="s",
                     chapter="II-1", survey="国研協アンケート")
    with pytest.raises(ValidationError):
        entry.full_clean()


def test_search_filters_by_source_and_shows_it(cast, client_for):
    services.survey_result_record(values={**RESULT, "fiscal_year": 2024},
                                  user=cast.secretariat)
    f.practice(cast.other_agency, state="published", title_ja="他法人の輸出管理の取組",
               chapter="II-4", section="")
    client = client_for(cast.editor)
    body = client.get(reverse("practices:search"), {"q": "輸出管理", "source": "survey"}
                      ).content.decode()
    assert RESULT["title_ja"] in body and "他法人の輸出管理の取組" not in body
    assert RESULT["survey"] in body
    body = client.get(reverse("practices:search"), {"q": "輸出管理", "source": "agency"}
                      ).content.decode()
    assert RESULT["title_ja"] not in body and "他法人の輸出管理の取組" in body
    assert client.get(reverse("practices:search"), {"source": "<x>"}).status_code == 200
