import struct
import zlib

from orbita.monitoring import png


def test_bar_chart_is_a_valid_png_of_the_expected_size() -> None:
    data = png.bar_chart([[3], [1.5], [0]])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (png.WIDTH, 3 * (png.BAR + png.GAP) + 2 * png.PAD)
    length = struct.unpack(">I", data[33:37])[0]
    assert data[37:41] == b"IDAT"
    raw = zlib.decompress(data[41 : 41 + length])
    assert len(raw) == height * (1 + 3 * width)


def test_numbers_are_printed_as_on_the_pages() -> None:
    assert [png.number(v) for v in (3, 1.5, 2.25, 4.0)] == ["3", "1,5", "2,25", "4"]
    assert png.number(0.854, percent=True) == "85 %"
