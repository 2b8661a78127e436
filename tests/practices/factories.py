"""Small factories for good-practice entries (no seed_demo in tests)."""

from practices.models import Practice


def practice(agency, *, state=Practice.State.DRAFT, fiscal_year=2024, **values):
    """An entry saved through save() (history records it), in ``state``."""
    entry = Practice(**{
        "agency": agency, "fiscal_year": fiscal_year,
        "title_ja": "研究開発マネジメント人材への年俸制の適用",
        "summary_ja": "研究開発マネジメント人材に年俸制を適用し、成果に応じた処遇を行う。",
        "body": "", "chapter": "II-1", "section": "II-1-S1", "tags": "年俸制, 人事",
        "questions": "HR-01", "state": state, **values})
    entry.save()
    return entry
