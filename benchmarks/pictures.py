"""How long a picture takes to check and to re-encode, by size: the measurements behind
``microblog.media_inline_pixels`` (README, "Pictures").

    .venv/bin/python benchmarks/pictures.py [--repeat N]

Each size is a photo-like JPEG (smooth shapes and grain, quality 90) made with Pillow. The
check is what every upload costs in its request (a full decode, reduced for JPEG); the
encoding is the display size and the preview, in the request or in a worker.
"""

import argparse
import io
import statistics
import time

from PIL import Image, ImageFilter

from microblog.media.images import encode, inspect

SIZES = [(1024, 768), (1600, 1200), (2048, 1536), (3000, 2000), (4032, 3024), (6000, 4000)]


def photo(width, height):
    shapes = Image.effect_mandelbrot((width, height), (-2.2, -1.2, 1.0, 1.2), 60).convert("RGB")
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(shapes, grain, 0.12).filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def timed(function, data, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    print(f"{'size':>11} {'pixels':>7} {'file':>8} {'check':>9} {'encode':>9}")
    for width, height in SIZES:
        data = photo(width, height)
        check = timed(inspect, data, repeat)
        encoding = timed(encode, data, repeat)
        print(
            f"{width:>5}x{height:<5} {width * height / 1e6:>6.1f}M {len(data) / 1e6:>6.1f}MB"
            f" {check:>7.0f}ms {encoding:>7.0f}ms"
        )


if __name__ == "__main__":
    main()
