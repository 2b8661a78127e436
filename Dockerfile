# 国研フォローアップ: one image for the web server, the Celery workers, beat and one-off commands.
# Build:  docker compose build      Run: see "Deployment" in README.md
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups \
    PYTHONPATH=/app

# Japanese fonts and the PDF libraries (docs: /work/shared/STACK.md, scripts/system-packages.sh):
# fonts-noto-cjk for Japanese text (with bold), Pango for WeasyPrint, libharfbuzz-subset0 for fast
# font subsetting (a 30-page report: 10 s without, 2.4 s with). gettext compiles the catalogues;
# libmagic1 tells uploaded files by their content; postgresql-client gives pg_dump/psql to
# django-dbbackup; gnupg for encrypted backups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      libmagic1 gettext postgresql-client gnupg \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f

# A user of its own: nothing in the container runs as root.
RUN groupadd --system --gid 10001 kokken \
 && useradd --system --uid 10001 --gid kokken --home-dir /home/kokken --create-home kokken

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kokken ./kokken
COPY agreements ./agreements
COPY hr ./hr
COPY training ./training
COPY ip ./ip
COPY security ./security
RUN pip install --upgrade pip && pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY fixtures ./fixtures
COPY scripts ./scripts
# Catalogues and static files are made at build time; the settings need no secret for that.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py compilemessages -v 0 \
 && SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v 0 \
 && mkdir -p /data/media/reports /data/backups \
 && chown -R kokken:kokken /data

USER kokken
# Empty named volumes mounted here start with the ownership above.
VOLUME ["/data/media", "/data/media/reports", "/data/backups"]
EXPOSE 8000
CMD ["gunicorn", "kokken.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "120", "--forwarded-allow-ips", "*"]
