from django import template

from agreements import charts

register = template.Library()


@register.filter
def share(result, outcome) -> str:
    """{{ result|share:outcome }} → 74.1%: the outcome's share of the agencies counted."""
    return charts.percent(outcome.count, result.current.total)


@register.simple_tag
def past_count(year, outcome) -> str:
    """The same outcome's count and share in an earlier year (— when not asked then)."""
    for o in year.outcomes:
        if o.key == outcome.key:
            return f"{o.count}（{charts.percent(o.count, year.total)}）"
    return "—"
