"""Production mode refuses unsafe settings; safe production settings pass --deploy."""

import os
import subprocess
import sys

from django.conf import settings

SAFE = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 20 + "production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "kokken.example.go.jp",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_check(**env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DEBUG", "KOKKEN_DEMO", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV",
                         "DJANGO_ALLOW_ASYNC_UNSAFE", "DEMO_TOTP_SECRET"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env={**base, **env}, capture_output=True, text=True,
    )


def test_safe_production_settings_pass_the_deploy_check():
    result = run_check(**SAFE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_debug():
    result = run_check(**{**SAFE, "DEBUG": "1"})
    assert result.returncode != 0
    assert "kokken.E001" in result.stderr


def test_production_refuses_the_default_secret_key():
    env = {**SAFE}
    del env["SECRET_KEY"]
    result = run_check(**env)
    assert "kokken.E002" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    env = {**SAFE}
    del env["ALLOWED_HOSTS"]
    result = run_check(**env)
    assert "kokken.E003" in result.stderr


def test_production_refuses_demo_mode():
    result = run_check(**{**SAFE, "KOKKEN_DEMO": "1"})
    assert "kokken.E004" in result.stderr


def test_local_defaults_need_no_configuration():
    result = subprocess.run(
        [sys.executable, "-c",
         "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kokken.settings'; "
         "django.setup(); from django.conf import settings as s; "
         "print(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND)"],
        cwd=settings.BASE_DIR, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG"}},
    )
    assert result.stdout.split() == [
        "True", "True", "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr


def test_production_refuses_the_demo_totp_secret():
    result = run_check(**{**SAFE, "DEMO_TOTP_SECRET": "KOKKENDEMOKOKKENDEMOKOKKENDEMO23"})
    assert result.returncode != 0
    assert "kokken.E005" in result.stderr
