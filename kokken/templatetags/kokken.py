from django import template

from kokken import wareki

register = template.Library()


@register.filter
def wareki_date(value):
    """{{ round.due_date|wareki_date }} → 令和6年3月29日 / 29 March 2024."""
    return wareki.date_label(value)


@register.filter
def fiscal_year(value):
    """{{ 2024|fiscal_year }} → 令和6年度 / FY2024."""
    if value in (None, ""):
        return ""
    return wareki.fiscal_year_label(int(value))


@register.filter
def fiscal_year_both(value):
    """{{ 2024|fiscal_year_both }} → 令和6年度（2024年度）."""
    if value in (None, ""):
        return ""
    year = int(value)
    return f"{wareki.fiscal_year_ja(year)}（{year}年度）" if not wareki.is_english() else f"FY{year} ({wareki.fiscal_year_ja(year)})"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced ('' removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def sort_toggle(key, current):
    """Clicking a sorted column's header reverses its order."""
    return f"-{key}" if current == key else key


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:state }}"""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(share):
    """0.4567 → 45.7"""
    if share is None:
        return ""
    return f"{share * 100:.1f}"


@register.filter
def colon(label) -> str:
    """``label`` followed by the language's colon: full-width 「：」 in Japanese text."""
    from kokken.wareki import is_english

    return f"{label}: " if is_english() else f"{label}："


@register.filter
def figure(value, digits=1):
    """A number for a table cell: grouped, fixed decimals; an en dash when there is none
    (blank distinct from 0)."""
    from django.template.defaultfilters import floatformat

    if value is None or value == "":
        return "–"
    return floatformat(value, f"{digits}g")


@register.filter
def figure_in(value, unit):
    """{{ value|figure_in:unit }}: one decimal for a percentage, none for a count."""
    return figure(value, 1 if str(unit) == "%" else 0)


@register.filter
def pdf_image(svg):
    """In PDF templates: an inline SVG chart as an image of it (kokken.pdf.svg_image)."""
    from kokken.pdf import svg_image

    return svg_image(svg)
