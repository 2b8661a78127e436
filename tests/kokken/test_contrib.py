import pytest

from agreements import contrib


def test_all_four_chapters_are_registered():
    chapters = contrib.registry.chapters()
    assert [c.identifier for c in chapters] == ["II-1", "II-2", "II-3", "II-4"]
    assert [c.app_label for c in chapters] == ["hr", "training", "ip", "security"]


def test_registering_the_same_identifier_twice_fails():
    registry = contrib.Registry()
    registry.register(contrib.Chapter(identifier="X", app_label="x", order=1, title="x"))
    with pytest.raises(ValueError, match="twice"):
        registry.register(contrib.Chapter(identifier="X", app_label="y", order=2, title="y"))


def test_agreements_never_imports_a_chapter_app():
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in (Path(settings.BASE_DIR) / "agreements").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for app in ("hr", "training", "ip", "security"):
            if f"from {app}" in text or f"import {app}" in text:
                offenders.append(f"{path.name}: {app}")
    assert offenders == []
