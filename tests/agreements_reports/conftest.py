from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def test_templates(settings):
    """Templates only the tests use (tests/agreements_reports/templates/)."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [*settings.TEMPLATES[0]["DIRS"], HERE / "templates"]}]

