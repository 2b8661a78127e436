"""docker-compose.yml, the Dockerfile and .env.example agree with each other and with the settings.

No container engine is needed: Debian's ``docker-compose`` (installed by
``scripts/system-packages.sh test``) validates and expands the file with ``config``.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_IMAGE = "kokken-followup"
# Long-running services of ours and what each must run.
APP_SERVICES = {"web", "worker", "reports-worker", "beat"}


def compose(*args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is missing: run scripts/system-packages.sh test"
    return subprocess.run(
        [binary, "--env-file", str(ROOT / ".env.example"), "-f", str(ROOT / "docker-compose.yml"),
         *args], check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.fixture(scope="module")
def config() -> dict:
    result = compose("config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def app_services(config: dict) -> dict:
    return {name: s for name, s in config["services"].items()
            if s.get("image", "").startswith(APP_IMAGE)}


def example_variables() -> dict[str, str]:
    found = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            found[name.strip()] = value
    return found


def test_compose_file_is_valid():
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_file_refuses_to_start_without_the_secrets(tmp_path):
    """Without .env the required values are missing: compose says which instead of
    starting with empty secrets."""
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = subprocess.run(
        [shutil.which("docker-compose") or "docker-compose", "--env-file", str(empty), "-f",
         str(ROOT / "docker-compose.yml"), "config", "-q"],
        check=False, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr or "POSTGRES_PASSWORD" in result.stderr


def test_every_variable_passed_to_the_app_is_read_by_the_settings(config):
    source = (ROOT / "kokken" / "settings.py").read_text()
    read = set(re.findall(r"""env(?:_bool|_list)?\(\s*["']([A-Z0-9_]+)["']""", source))
    passed = {name for s in app_services(config).values() for name in s.get("environment", {})}
    assert passed, "no environment passed to the app services"
    assert sorted(passed - read) == []


def test_every_variable_of_the_compose_file_is_documented_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}", text))
    documented = set(example_variables())
    assert sorted(used - documented) == [], "add these to .env.example"
    assert sorted(documented - used) == [], "documented in .env.example but not used"


def test_app_services_wait_for_a_single_migration_run(config):
    services = config["services"]
    migrate = services["migrate"]
    assert "migrate_locked" in migrate["command"]
    assert migrate["restart"] == "no"
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["migrate"]["condition"] == \
            "service_completed_successfully", name
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_every_long_running_service_has_a_health_check_and_a_restart_policy(config):
    for name, service in config["services"].items():
        if name == "migrate":
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
        assert service.get("restart") in ("always", "unless-stopped"), name
    assert "/readyz" in config["services"]["web"]["healthcheck"]["test"]


def test_both_queues_have_workers(config):
    commands = {name: " ".join(s.get("command", [])) for name, s in config["services"].items()}
    assert "--queues=celery" in commands["worker"]
    assert "--queues=reports" in commands["reports-worker"]
    queues = {q.name for q in settings.CELERY_TASK_QUEUES}
    assert queues == {"celery", "reports"}


def test_database_uploads_and_reports_live_in_named_volumes(config):
    assert {"db", "media", "reports"} <= set(config["volumes"])
    db_mounts = config["services"]["db"]["volumes"]
    assert any(m.startswith("db:/var/lib/postgresql/data") for m in db_mounts)
    for name, service in app_services(config).items():
        mounts = service["volumes"]
        assert any(m.startswith(f"media:{settings_path('MEDIA_ROOT', service)}") for m in mounts)
        assert any(m.startswith("reports:") and "/reports" in m for m in mounts), name


def settings_path(name: str, service: dict) -> str:
    return service["environment"][name]


def test_image_is_debian_python_with_the_packages_the_system_script_names_and_no_root():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-(bookworm|trixie)\b", dockerfile, re.MULTILINE)
    script = (ROOT / "scripts" / "system-packages.sh").read_text()
    # The packages `system-packages.sh run` installs for reports must be in the image too.
    run_packages = set(re.findall(r"missing\+=\(([a-z0-9.+-]+)\)", script.split("if [")[0]))
    assert {"fonts-noto-cjk", "libharfbuzz-subset0", "libpango-1.0-0"} <= run_packages
    installed = set(re.findall(r"[a-z0-9.+-]+", dockerfile.split("apt-get install")[1]
                               .split("&&")[0]))
    assert sorted(run_packages - installed) == []
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert dockerfile.index("USER ") < dockerfile.index("CMD ")


def test_reports_go_to_their_own_queue_and_everything_else_to_the_default_one():
    from kokken.celery import app

    def queue(task):
        return app.amqp.router.route({}, task)["queue"].name

    assert queue("agreements.tasks.generate_report") == "reports"
    for task in ("agreements.tasks.open_round_sheets", "agreements.tasks.send_reminders"):
        assert queue(task) == "celery", task
