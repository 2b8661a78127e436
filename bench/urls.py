"""The project's URLs plus /bench/floor/: a bare template view, the floor every page is
compared with (anonymous, no query, through the same middleware)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from kokken import access

_FLOOR = engines["django"].from_string(
    "<!doctype html><html lang=\"ja\"><head><title>{{ title }}</title></head>"
    "<body><h1>{{ title }}</h1><ul>{% for n in items %}<li>{{ n }}</li>{% endfor %}</ul></body></html>")


@access.public
def floor(request):
    return HttpResponse(_FLOOR.render({"title": "floor", "items": range(10)}, request))


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("kokken.urls")),
]
