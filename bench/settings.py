"""The benchmark's settings: production settings plus the floor views' URLs (bench/urls.py)
and the bench's own Celery tasks. Never used outside `make bench`."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
