from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def test_templates(settings):
    """Templates only the tests use (tests/agreements_reports/templates/)."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [*settings.TEMPLATES[0]["DIRS"], HERE / "templates"]}]


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Run tasks in-process even when REDIS_URL is set, except in the real-worker test."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from kokken.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
