"""The project's URLs plus two floors every page is compared with:

* /bench/floor/: a bare template view (anonymous, no query, through the same middleware);
* /bench/base/: the signed-in layout with nothing in it (session, user, second factor,
  access rule, context processor, header and navigation): what every signed-in page pays.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.urls import include, path

from kokken import access

_FLOOR = engines["django"].from_string(
    "<!doctype html><html lang=\"ja\"><head><title>{{ title }}</title></head>"
    "<body><h1>{{ title }}</h1><ul>{% for n in items %}<li>{{ n }}</li>{% endfor %}</ul></body></html>")


@access.public
def floor(request):
    return HttpResponse(_FLOOR.render({"title": "floor", "items": range(10)}, request))


@access.signed_in
def base(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/base/", base),
    path("", include("kokken.urls")),
]
