"""Widgets for choices among many: a ``<select>`` written without a template per option, and
a choice among thousands (every mentee of a region) that shows only the first options that
match a search.

Django renders each ``<option>`` through a template of its own: about 50 µs an option, so a
filter of 1,000 schools costs 50 ms and a list of 10,000 mentees half a second — and the
page weighs a megabyte that an old laptop must lay out. ``FastSelect`` writes the same HTML
directly. ``limit_choices`` keeps a ``ModelChoiceField`` validating against everything in
scope while the page offers only ``limit`` options, those that match the search term
(``<field>_q`` in the page's query string; see ``core/_search_select.html``).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from orbita.core.db import text_search

LIMIT = 50


class FastSelect(forms.Select):
    """``forms.Select`` with the same markup, written in Python rather than one template
    rendering per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = set(self.format_value(value))
        taken = False

        def options(choices: Iterable[Any]) -> SafeString:
            nonlocal taken
            parts = []
            for option_value, label in choices:
                text = str(option_value)
                selected = text in chosen and (self.allow_multiple_selected or not taken)
                taken = taken or selected
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        text,
                        mark_safe(" selected") if selected else "",
                        label,
                    )
                )
            return mark_safe("".join(parts))  # noqa: S308 — each part built by format_html

        groups = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                groups.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>', group_value, options(group_label)
                    )
                )
            else:
                groups.append(options([(group_value, group_label)]))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            mark_safe("".join(groups)),  # noqa: S308 — each part built by format_html
        )


class SearchSelect(FastSelect):
    """The ``<select>`` of a ``limit_choices`` field; the template adds the search box."""

    search_param = ""
    search = ""
    total = 0
    shown = 0

    @property
    def truncated(self) -> bool:
        return self.total > self.shown


def limit_choices(
    field: forms.Field,
    *,
    name: str,
    search: str = "",
    search_fields: Iterable[str],
    label: Callable[[Any], str],
    empty_label: Any,
    selected: Any = None,
    limit: int = LIMIT,
) -> None:
    """Offer at most ``limit`` objects of ``field``'s queryset (in its order) that match
    ``search`` in any of ``search_fields``, and the ``selected`` id if it is in the
    queryset; validation still accepts every object of the queryset."""
    assert isinstance(field, forms.ModelChoiceField)
    queryset: QuerySet[Any] = field.queryset  # type: ignore[assignment]
    found = text_search(queryset, search, *search_fields) if search else queryset
    objects = list(found[: limit + 1])
    widget = SearchSelect(attrs=field.widget.attrs)
    widget.is_required = field.required
    widget.search_param = f"{name}_q"
    widget.search = search
    widget.shown = min(len(objects), limit)
    widget.total = widget.shown if len(objects) <= limit else found.count()
    objects = objects[:limit]
    chosen = str(selected or "")
    if chosen.isdigit() and all(str(o.pk) != chosen for o in objects):
        extra = queryset.filter(pk=chosen).first()
        if extra is not None:
            objects.insert(0, extra)
    widget.choices = [("", empty_label), *((o.pk, label(o)) for o in objects)]
    field.widget = widget
