"""Server-rendered SVG charts (no script, so they work under the CSP and on old laptops).
Every chart is shown with its table beside it; labels are escaped here."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 6, 180, 520
COLOURS = ("#0d6efd", "#198754")


def _svg(height: int, body: str, title: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside is escaped below
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="monitoring-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str = "") -> SafeString:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((v for _, v in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 50
    parts = []
    for i, (label, value) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP)
        w = round(span * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{LABEL_WIDTH + w + 4}" y="{y + 15}" font-size="12">{_num(value)}</text>'
        )
    return _svg(max(1, len(rows)) * (BAR_HEIGHT + GAP), "".join(parts), title)


def paired_bar_chart(
    rows: Sequence[tuple[str, float, float]], *, maximum: float, title: str = ""
) -> SafeString:
    """Two bars per label (e.g. start and end level), on a fixed scale 0..``maximum``."""
    span = WIDTH - LABEL_WIDTH - 50
    step = BAR_HEIGHT + 2 + GAP
    parts = []
    for i, (label, a, b) in enumerate(rows):
        y = i * step
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" font-size="12">'
            f"{escape(_short(label))}</text>"
        )
        for j, value in enumerate((a, b)):
            w = round(span * value / maximum) if maximum else 0
            yy = y + j * (BAR_HEIGHT // 2 + 1)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{yy}" width="{w}" height="{BAR_HEIGHT // 2}" '
                f'fill="{COLOURS[j]}"/>'
                f'<text x="{LABEL_WIDTH + w + 4}" y="{yy + 10}" font-size="10">{_num(value)}</text>'
            )
    return _svg(max(1, len(rows)) * step, "".join(parts), title)


def share_chart(rows: Sequence[tuple[str, float, float]], *, title: str = "") -> SafeString:
    """Shares (0..1) as bars with the target as a vertical mark on each row."""
    span = WIDTH - LABEL_WIDTH - 50
    parts = []
    for i, (label, share, target) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP)
        w = round(span * share)
        t = LABEL_WIDTH + round(span * target)
        colour = COLOURS[1] if share + 1e-9 >= target else "#dc3545"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<line x1="{t}" x2="{t}" y1="{y - 2}" y2="{y + BAR_HEIGHT + 2}" stroke="#000" '
            f'stroke-width="2"/>'
            f'<text x="{LABEL_WIDTH + w + 4}" y="{y + 15}" font-size="12">{_pct(share)}</text>'
        )
    return _svg(max(1, len(rows)) * (BAR_HEIGHT + GAP), "".join(parts), title)


LABEL_CHARS = 26  # what fits in LABEL_WIDTH at font-size 12; the table beside has it whole


def _short(label: object) -> str:
    text = str(label)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _num(value: float) -> str:
    return (
        f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    ).replace(".", ",")


def _pct(share: float) -> str:
    return f"{round(100 * share)} %"
