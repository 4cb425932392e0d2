"""Refusing SVG images that carry scripts.

An SVG copied into the site runs its scripts when a reader opens it directly
(its own URL, not through ``<img>``), with the site's origin. Sanitising SVG
safely means rewriting XML we did not write, so instead a scripted SVG is
refused, named, and not published; the writer removes the script. The check
parses the XML (entities decoded, namespaces resolved), so an encoded
``&#106;avascript:`` or a prefixed ``<svg:script>`` is seen for what it is.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as etree
from pathlib import Path

# Elements that run code or embed another document that may.
_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_URL_SCHEMES = re.compile(r"^(?:javascript|vbscript|data:text/html)", re.IGNORECASE)
# An SVG larger than this is not read (and not refused for it): images are small.
MAX_BYTES = 20 * 1024 * 1024


def is_svg(path: Path) -> bool:
    return path.suffix.lower() in (".svg", ".svgz")


def svg_refusal(path: Path) -> str | None:
    """Why the SVG at ``path`` must not be published, or None when it is safe to copy."""
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".svgz" or data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if len(data) > MAX_BYTES:
        return "is larger than 20 MB"
    if b"<!ENTITY" in data:
        return "declares XML entities (not allowed in a published SVG)"
    try:
        root = etree.fromstring(data)
    except etree.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    for element in root.iter():
        found = _active(element)
        if found:
            return f"holds {found}, which would run when the image is opened directly"
    return None


def _active(element: etree.Element) -> str | None:
    name = _local(str(element.tag))
    if name in _ACTIVE:
        return f"a <{name}> element"
    for key, value in element.attrib.items():
        attribute = _local(key)
        if attribute.startswith("on"):
            return f"an event handler ({attribute})"
        if _URL_SCHEMES.match("".join(value.split())):
            return f"a script link ({attribute})"
        if attribute == "attributename" and value.strip().lower().startswith("on"):
            return "an animation that sets an event handler"
    return None


def _local(name: str) -> str:
    """An element or attribute name without its namespace, in lower case."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
