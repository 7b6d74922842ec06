FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# libcairo2: the journey map's PDF and PNG exports (cairosvg draws them on the server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libcairo2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app parcours

WORKDIR /app
COPY . .
RUN pip install .

# Static files are collected at build time and served by whitenoise; locale/ ships compiled .mo files.
# /app/media is the mount point of the uploads' volume: created here, a new volume takes its
# owner, so that the app may write the logo there.
RUN DEBUG=false SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input \
    && mkdir -p /app/media \
    && chown -R parcours /app

USER parcours
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
