"""PNG bar charts for the DOCX report, drawn with the standard library only.

The project has no imaging library (no matplotlib, Pillow or cairosvg, so the SVG charts of
``charts.py`` cannot be rasterised), and Word needs a raster image. A bar chart is a few
rectangles, so this draws them into an RGB buffer and writes the PNG itself (``zlib``).
The only text drawn is digits (a 3×5 pixel font): each bar carries its row number on the
left and its value on the right; the labels are in the table printed under the chart, as
on the pages (every chart has its table beside it).
"""

import struct
import zlib
from collections.abc import Sequence

WIDTH = 640
BAR, GAP, LEFT, RIGHT, PAD = 20, 8, 36, 90, 8
SCALE = 3  # font pixel size
BLUE, GREEN, RED = (13, 110, 253), (25, 135, 84), (220, 53, 69)
BLACK, GREY, WHITE = (0, 0, 0), (222, 226, 230), (255, 255, 255)
COLOURS = (BLUE, GREEN)

# 3×5 glyphs, one string of rows per character ("#" is ink).
_GLYPHS = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ",": ("...", "...", "...", ".#.", "#.."),
    ".": ("...", "...", "...", "...", ".#."),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "%": ("#.#", "..#", ".#.", "#..", "#.#"),
    " ": ("...", "...", "...", "...", "..."),
}


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(WHITE) * (width * height))

    def rect(self, x: int, y: int, w: int, h: int, colour: tuple[int, int, int]) -> None:
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + w), min(self.height, y + h)
        if x1 <= x0 or y1 <= y0:
            return
        line = bytes(colour) * (x1 - x0)
        for yy in range(y0, y1):
            start = (yy * self.width + x0) * 3
            self.pixels[start : start + len(line)] = line

    def text(self, x: int, y: int, text: str, colour: tuple[int, int, int] = BLACK) -> None:
        """Digits and signs at (x, y), the top left corner; unknown characters are skipped."""
        for char in text:
            glyph = _GLYPHS.get(char)
            if glyph is None:
                continue
            for row, bits in enumerate(glyph):
                for col, bit in enumerate(bits):
                    if bit == "#":
                        self.rect(x + col * SCALE, y + row * SCALE, SCALE, SCALE, colour)
            x += 4 * SCALE

    def png(self) -> bytes:
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * self.width * 3 : (y + 1) * self.width * 3])
            for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def text_width(text: str) -> int:
    return len(text) * 4 * SCALE


def number(value: float, *, percent: bool = False) -> str:
    """``value`` as the pages print it: a decimal comma, at most two decimals."""
    if percent:
        return f"{round(100 * value)} %"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def bar_chart(
    rows: Sequence[Sequence[float]],
    *,
    maximum: float | None = None,
    percent: bool = False,
    targets: Sequence[float] | None = None,
) -> bytes:
    """Horizontal bars, one group per row (one bar per value of the row, coloured in turn),
    numbered 1, 2, … to match the table; ``targets`` marks a vertical line on each row
    (a share below it is red). Values are scaled to ``maximum`` (default: the largest)."""
    per_row = max((len(r) for r in rows), default=1) or 1
    bar = BAR if per_row == 1 else max(8, BAR * 2 // (per_row + 1))
    group = per_row * bar + GAP
    height = max(1, len(rows)) * group + 2 * PAD
    canvas = Canvas(WIDTH, height)
    top = maximum or max((v for r in rows for v in r), default=0) or 1
    span = WIDTH - LEFT - RIGHT
    canvas.rect(LEFT - 2, PAD - 2, 2, height - 2 * PAD + 4, GREY)
    for i, values in enumerate(rows):
        y = PAD + i * group
        canvas.text(4, y + (per_row * bar - 5 * SCALE) // 2, str(i + 1))
        for j, value in enumerate(values):
            yy = y + j * bar
            w = round(span * max(0.0, float(value)) / top)
            colour = COLOURS[j % len(COLOURS)]
            if targets is not None and value + 1e-9 < targets[i]:
                colour = RED
            elif targets is not None:
                colour = GREEN
            canvas.rect(LEFT, yy, w, bar - 2, colour)
            label = number(value, percent=percent)
            canvas.text(LEFT + w + 6, yy + max(0, (bar - 2 - 5 * SCALE) // 2), label)
        if targets is not None:
            t = LEFT + round(span * targets[i] / top)
            canvas.rect(t - 1, y - 2, 3, per_row * bar + 2, BLACK)
    return canvas.png()
