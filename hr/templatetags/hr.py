from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ values|get:key }}: a dict entry by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def figure(value, digits=1):
    """A number for a table cell: grouped, fixed decimals; an en dash when there is none."""
    if value is None or value == "":
        return "–"
    return floatformat(value, f"{digits}g")


@register.filter
def figure_in(value, unit):
    """{{ value|figure_in:unit }}: one decimal for a percentage, none for a count."""
    return figure(value, 1 if str(unit) == "%" else 0)
