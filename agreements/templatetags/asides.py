"""What other apps show on the chapter pages (agreements.contrib.ChapterAside), so that a
chapter's template names none of them: ``{% chapter_asides "II-1" agency %}``."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from agreements import contrib
from kokken import figures

register = template.Library()


@register.simple_tag(takes_context=True)
def chapter_asides(context, chapter: str, agency=None) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = []
    for aside in contrib.registry.chapter_asides():
        def render(aside=aside) -> str:
            found = aside.for_chapter(chapter=chapter, agency=agency, user=user)
            return str(render_to_string(aside.template, {"aside": found}, request=request)
                       if found else "")

        # An aside that says what its HTML depends on is rendered once per state of that
        # (the practices' query and rendering were a sixth of a chapter page: issue 18).
        key = (aside.cache_key(request=request, chapter=chapter, agency=agency, user=user)
               if aside.cache_key and request is not None else None)
        parts.append(render() if key is None
                     else figures.cached(f"aside:{aside.identifier}", *key, render))
    return mark_safe("".join(parts))  # rendered templates, each autoescaped
