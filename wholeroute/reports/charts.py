"""Charts rendered offline to SVG with vl-convert (no CDN, no browser-side JavaScript)."""

import functools
import json

import vl_convert as vlc


@functools.lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    return vlc.vegalite_to_svg(json.loads(spec_json))


def to_svg(spec: dict) -> str:
    return _svg(json.dumps(spec, sort_keys=True, default=str))


def to_png(spec: dict, scale: float = 2.0) -> bytes:
    return vlc.vegalite_to_png(spec, scale=scale)
