"""``kb_image_alt``: images have meaningful alternative text.

Reports an image (``![alt](file)``, or a ``:::image`` directive's
``alt-text``) whose alternative text is empty, is a file name, is one of
``generic`` ("image", "screenshot" ...), or has fewer than ``min_words``
words. The message's ``%s`` is the alt text (or "no alt text").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import blocks as B
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext

KIND = "kb_image_alt"
DOCUMENT = True
FIELDS = {"generic": list, "min_words": int, "directive_attribute": str}
_FILE = re.compile(r"^[\w ./\\-]+\.(?:png|jpe?g|gif|svg|bmp|webp|tiff?)$", re.IGNORECASE)


def compile(spec: dict, rule: RuleContext) -> ImageAltCheck:
    generic = spec.get("generic") or []
    if not all(isinstance(g, str) for g in generic):
        raise rule.error("generic", "must be a list of texts")
    pattern = (
        rule.regex("generic", "|".join(f"(?:{g})" for g in generic), ignorecase=True)
        if generic
        else None
    )
    attr = spec.get("directive_attribute", "alt-text")
    return ImageAltCheck(
        generic=pattern,
        min_words=int(spec.get("min_words", 2)),
        directive=re.compile(r":::\s*image\b(?P<body>[^\n]*?):::|:::\s*image\b(?P<open>[^\n]*)"),
        attribute=re.compile(rf"\b{re.escape(attr)}\s*=\s*\"(?P<alt>[^\"]*)\"") if attr else None,
    )


@dataclass(slots=True)
class ImageAltCheck:
    generic: re.Pattern[str] | None
    min_words: int
    directive: re.Pattern[str]
    attribute: re.Pattern[str] | None

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        for image in article.images:
            alt = " ".join(article.text[image.text_start : image.text_end].split())
            if self._poor(alt):
                yield Match(image.start, image.end, (f"'{alt}'" if alt else "no alt text",))
        if self.attribute is None:
            return
        for b in article.blocks:
            if b.kind != B.DIRECTIVE:
                continue
            for m in self.directive.finditer(article.text, b.start, b.end):
                found = self.attribute.search(m.group(0))
                alt = " ".join(found.group("alt").split()) if found else ""
                if self._poor(alt):
                    yield Match(m.start(), m.end(), (f"'{alt}'" if alt else "no alt text",))

    def _poor(self, alt: str) -> bool:
        if not alt or _FILE.match(alt):
            return True
        if self.generic is not None and self.generic.fullmatch(alt.strip(" .")):
            return True
        return len(alt.split()) < self.min_words
