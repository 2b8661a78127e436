"""The examples the agreement names are in the database, each with its agency, chapter and
section and the agreement's own words; every demo role finds them by searching in Japanese."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from practices import services
from practices.models import Practice, Source

TEXT = (Path(settings.BASE_DIR) / "fixtures/agreement/2024-03-29.ja.txt").read_text(
    encoding="utf-8").split("\n")
EXAMPLES = json.loads(services.EXAMPLES.read_text(encoding="utf-8"))

# The list: (search words, agency code or None, section)
NAMED = [
    ("研究開発マネジメント人材 年俸制", "jst", "II-1-S1"),
    ("複数パターンの年俸制", "riken", "II-1-S1"),
    ("給与水準", "jaea", "II-1-S1"),
    ("民間資金報奨金", "aist", "II-1-S1"),
    ("通年採用", "aist", "II-1-S3"),
    ("テニュアトラック", "ffpri", "II-1-S3"),
    ("定年制職員", "aist", "II-1-S3"),
    ("修士号", "aist", "II-1-S3"),
    ("技術職", "aist", "II-1-S3"),
    ("連携アドバイザー", "aist", "II-1-S3"),
    ("キャリアサポート", "riken", "II-1-S3"),
    ("スタートアップ・エコシステム", "jst", "II-3-S2"),
    ("AISol", "aist", "II-3-S2"),
    ("BIL", "aist", "II-3-S2"),
    ("北陸デジタルものづくりセンター", "aist", "II-3-S2"),
    ("プロジェクトマネジメントレベル認定", "nedo", "II-3-S2"),
    ("ストラテジーアーキテクト", "nedo", "II-3-S2"),
    ("相談窓口", None, "II-4-S4-1"),
    ("多言語化", None, "II-4-S4-1"),
    ("輸出管理", None, "II-4-S4-2"),
    ("論文情報", None, "II-4-S4-2"),
    ("管理区域", None, "II-4-S4-3"),
    ("EDR", None, "II-4-S4-4"),
    ("大量データダウンロード", None, "II-4-S4-4"),
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("entry", EXAMPLES, ids=lambda e: e["key"])
def test_each_example_quotes_the_agreement_at_its_lines(entry):
    first, last = entry["lines"]
    passage = _squash("".join(TEXT[first - 1:last + 1]))
    assert _squash(entry["body"]) in passage
    heading = _squash(entry["title_ja"])
    if entry["key"][:4] in ("fig6", "fig8", "fig9") or entry["section"] == "II-1-S3":
        assert heading.replace("テニュア", "テニユア") in passage   # the agreement's spelling


def test_loading_is_idempotent_and_publishes_them(db):
    created = services.examples_load()
    assert created == len(EXAMPLES) >= 28
    assert services.examples_load() == 0
    rows = Practice.objects.filter(source=Source.AGREEMENT)
    assert rows.count() == len(EXAMPLES)
    assert set(rows.values_list("state", flat=True)) == {Practice.State.PUBLISHED}


@pytest.mark.parametrize("who", ["editor", "approver", "other_editor", "reviewer",
                                 "other_reviewer", "secretariat"])
def test_every_role_finds_each_named_example_by_searching_in_japanese(cast, client_for, who):
    services.examples_load()
    client = client_for(getattr(cast, who))
    for words, agency, section in NAMED:
        page = client.get(reverse("practices:search"), {"q": words})
        assert page.status_code == 200
        hits = list(page.context["page"].object_list)
        assert hits, words
        assert any((p.agency.code if p.agency else None) == agency and p.section == section
                   for p in hits), words
