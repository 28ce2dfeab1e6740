from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wholeroute.reports import charts
from wholeroute.reports.fiche import Link

register = template.Library()


@register.simple_tag
def chart_svg(chart):
    """Inline SVG rendered on the server (trusted: produced by vl-convert from our own spec)."""
    svg = charts.to_svg(chart.spec)
    return mark_safe(svg.replace("<svg", f'<svg role="img" aria-label="{_attr(chart.description)}"', 1))  # noqa: S308


def _attr(text):
    return str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


@register.filter
def cell(value):
    if value is None or value == "":
        return mark_safe('<span class="muted">–</span>')  # noqa: S308 (constant markup)
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, value.text)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return intcomma(value)
    if isinstance(value, float):
        return intcomma(round(value, 2)) if abs(value) < 1000 else intcomma(round(value))
    return value


@register.filter
def label_cell(value):
    """A cell of a column that is not a quantity (a year, a code): numbers without thousands separators."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return cell(value)


@register.filter
def is_numeric_column(index, table):
    return index in table.numeric


@register.filter
def id_of(value):
    return id(value)
