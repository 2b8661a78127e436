""""How others do it": on the response sheet, the published good practices related to each
question, one click away, in a fixed number of queries whatever their number."""

from django.core.cache import cache
from django.urls import reverse

from agreements.models import Agreement, AgreementItem, Question
from practices import contrib, selectors
from practices.models import Practice
from tests.agreements.samples import riken_sheet
from tests.practices import factories as f

P = Practice.State.PUBLISHED


def _page(client, sheet, section="S2"):
    return client.get(reverse("agreements:sheet_section", kwargs={"sheet": sheet.pk,
                                                                  "section": section}))


def test_sheet_section_shows_published_practices_naming_the_question(cast, client_for):
    sheet = riken_sheet(cast)
    shown = f.practice(cast.other_agency, state=P, title_ja="他法人の公開事例", questions="N1")
    f.practice(cast.other_agency, state=Practice.State.SUBMITTED, title_ja="未公開の事例",
               questions="N1")
    body = _page(client_for(cast.editor), sheet).content.decode()
    assert 'id="practices-N1"' in body
    assert "他法人の公開事例" in body
    assert reverse("practices:detail", args=[shown.pk]) in body
    assert "未公開の事例" not in body
    assert 'id="practices-T1"' not in body


def test_a_question_offers_to_propose_the_agencys_own_practice_prefilled(cast, client_for):
    sheet = riken_sheet(cast)
    client = client_for(cast.editor)
    body = _page(client, sheet).content.decode()
    create = reverse("practices:practice_create", kwargs={"agency": cast.agency.code})
    assert f"{create}?fy={sheet.round.fiscal_year}&amp;question=T1" in body
    form = client.get(f"{create}?question=t1&section=II-4-S4-2").content.decode()
    assert 'value="T1"' in form and 'value="II-4-S4-2"' in form
    assert client.get(f"{create}?question=<b>&section=x").status_code == 200


def test_sheet_section_query_count_does_not_grow_with_related_practices(
        cast, client_for, django_assert_max_num_queries):
    sheet = riken_sheet(cast)
    client = client_for(cast.editor)
    f.practice(cast.other_agency, state=P, questions="N1")
    _page(client, sheet)
    cache.clear()  # the form as first shown is cached: count the queries of rendering it
    with django_assert_max_num_queries(200) as baseline:
        assert _page(client, sheet).status_code == 200
    for i in range(12):
        f.practice(cast.other_agency, state=P, title_ja=f"事例{i}",
                   questions=["N1", "M1", "T1"][i % 3])
    cache.clear()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        body = _page(client, sheet).content.decode()
    assert 'id="practices-M1"' in body and 'id="practices-T1"' in body


def test_the_hook_itself_runs_two_queries(cast, django_assert_num_queries):
    from agreements.models import Sheet

    sheet = Sheet.objects.select_related("agency", "round").get(pk=riken_sheet(cast).pk)
    questions = list(Question.objects.filter(questionnaire=sheet.round.questionnaire))
    for i in range(5):
        f.practice(cast.other_agency, state=P, questions="N1, T1", title_ja=f"例{i}")
    with django_assert_num_queries(2):
        found = contrib.related_practices(questions=questions, sheet=sheet, user=cast.editor)
        titles = [p.title_ja for p in found["N1"]["practices"]]
    assert len(titles) == contrib.MAX_BESIDE and found["N1"]["more"] == 0 + 5 - contrib.MAX_BESIDE


def test_a_practice_of_the_questions_agreement_section_is_related(cast):
    agreement = Agreement.objects.first() or Agreement.objects.create(
        code="t", date="2024-03-29", title_ja="申合せ")
    section = AgreementItem.objects.filter(agreement=agreement, code="II-1-S1").first() or \
        AgreementItem.objects.create(agreement=agreement, code="II-1-S1", kind="section",
                                     title_ja="(1)")
    item = AgreementItem.objects.filter(agreement=agreement, code="II-1-A1").first() or \
        AgreementItem.objects.create(agreement=agreement, code="II-1-A1", kind="item",
                                     parent=section, title_ja="年俸制")
    sheet = riken_sheet(cast)
    question = Question.objects.get(questionnaire=sheet.round.questionnaire, code="N1")
    question.items.add(item)
    f.practice(cast.other_agency, state=P, section="II-1-S1", questions="", title_ja="節の事例")
    found = contrib.related_practices(questions=[question], sheet=sheet, user=cast.editor)
    assert [p.title_ja for p in found["N1"]["practices"]] == ["節の事例"]


def test_a_question_code_inside_another_is_not_a_match(cast):
    f.practice(cast.other_agency, state=P, questions="HR-10", section="")
    found = selectors.related_to_questions(Practice.objects.all(), codes={"HR-1": set()})
    assert found == {"HR-1": []}
