"""Imports run one way: api → chapters → agreements → kokken. Read from the source (AST), so
a lazy import inside a function counts as much as one at the top of a module, and so does a
string naming a module (``include("hr.urls")``, ``import_module``, ``import_string``).

* kokken/ (the core) imports no other app of the project;
* a chapter app imports agreements/ and kokken/ only;
* agreements/ imports no chapter app;
* api/ sits above them all and may import any of them;
* no app imports api/ (the URL conf mounts it through its ``AppConfig.url_prefix``).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE, LOOP, API = "kokken", "agreements", "api"
CHAPTERS = ("hr", "training", "ip", "security", "practices")
APPS = (CORE, LOOP, *CHAPTERS, API)
ALLOWED = {CORE: set(), LOOP: {CORE}, **{c: {CORE, LOOP} for c in CHAPTERS},
           API: {CORE, LOOP, *CHAPTERS}}

# Known edges still to remove. The test fails when one of these goes away too, so that the
# list only ever shrinks; it is empty now that the API is an app of its own (issue #10).
KNOWN: set[tuple[str, str]] = set()


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "include", "import_module", "import_string")
              and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]  # include("hr.urls") depends on hr as much
        else:
            continue
        found |= {name.split(".")[0] for name in names}
    return found & set(APPS)


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def violations() -> set[tuple[str, str]]:
    found = set()
    for app in APPS:
        for path in _sources(app):
            for other in _imported_apps(path) - {app} - ALLOWED[app]:
                found.add((str(path.relative_to(ROOT)), other))
    return found


def test_imports_run_one_way_chapters_to_agreements_to_kokken():
    assert violations() - KNOWN == set()


def test_the_list_of_known_exceptions_only_shrinks():
    assert KNOWN - violations() == set(), "Fixed: remove these from KNOWN"


def test_a_core_module_naming_the_api_by_string_would_be_a_violation(tmp_path):
    module = tmp_path / "urls.py"
    module.write_text("urlpatterns = [path('api/', include('api.urls'))]\n", encoding="utf-8")
    assert _imported_apps(module) == {API}
    assert all(API not in ALLOWED[app] for app in APPS if app != API)


def test_the_check_sees_a_lazy_import_and_a_url_include(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from agreements import models\n"
                      "urlpatterns = [include('hr.urls')]\n", encoding="utf-8")
    assert _imported_apps(module) == {"agreements", "hr"}


def test_the_core_shows_the_chapters_navigation_and_panels_through_kokken_contrib(
        client_for, cast):
    from django.urls import reverse

    from kokken import contrib

    assert [item.url_name for item in contrib.nav_items()].count("hr:indicators") == 1
    body = client_for(cast.editor).get(reverse("agency_detail", kwargs={"agency": "riken"}))
    assert f'href="{reverse("hr:indicators")}"' in body.content.decode()
    assert contrib.panels("agency")
