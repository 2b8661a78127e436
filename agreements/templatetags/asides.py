"""What other apps show on the chapter pages (agreements.contrib.ChapterAside), so that a
chapter's template names none of them: ``{% chapter_asides "II-1" agency %}``."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from agreements import contrib

register = template.Library()


@register.simple_tag(takes_context=True)
def chapter_asides(context, chapter: str, agency=None) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = []
    for aside in contrib.registry.chapter_asides():
        found = aside.for_chapter(chapter=chapter, agency=agency, user=user)
        if found:
            parts.append(render_to_string(aside.template, {"aside": found}, request=request))
    return mark_safe("".join(parts))  # rendered templates, each autoescaped
