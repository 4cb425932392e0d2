"""The linter: run a set of rules over an article, whole or after an edit.

Build one :class:`Linter` per workspace (``Linter.for_workspace(root)``) and
reuse it: rules are compiled once. ``lint(article)`` checks everything;
``relint(article, previous)`` reuses the previous result for every prose block
whose masked text did not change, and reruns only the document-level rules.
A Linter is read-only after construction and results are immutable values,
so both are safe to use from a worker thread; each result carries the text it
was computed for, so the editor can drop stale ones.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kbeditor.article import Article
from kbeditor.blocks import Block
from kbeditor.errors import ConfigError
from kbeditor.inference import Profile, profile
from kbeditor.lint import workspace_words
from kbeditor.lint.budget import RULE_BUDGET, RuleTimeout, rule_budget
from kbeditor.lint.context import LintContext, Match, Vocabulary
from kbeditor.lint.controls import parse_controls
from kbeditor.lint.diagnostic import SEVERITIES, Diagnostic, at_least
from kbeditor.lint.kinds.existence import ExistenceCheck
from kbeditor.lint.limits import MAX_LINT_CHARS, notice, too_large
from kbeditor.lint.lines import LineParts, confined_to_line
from kbeditor.lint.prefilter import ArticleWords
from kbeditor.lint.rules import LoadResult, Rule, RuleError, load_style
from kbeditor.lint.scope import Ranges, Scope, block_scope_spans, per_block, scope_spans
from kbeditor.lint.settings import LintSettings, from_file, settings_for
from kbeditor.lint.workspace_words import WorkspaceWords

_tokens = itertools.count(1)
BlockKey = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class LintResult:
    """Diagnostics for one text, plus what relint needs to reuse them."""

    text: str
    diagnostics: tuple[Diagnostic, ...]
    linter: int = 0
    context: tuple[object, ...] = ()
    blocks: dict[BlockKey, tuple[tuple[int, Match], ...]] = field(default_factory=dict, repr=False)

    def __iter__(self):
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)


class Linter:
    """A compiled set of rules with the settings that shape their output.

    Args:
        rules: the rules to run (levels already adjusted by configuration).
        min_level: the lowest severity reported.
        vocab: accepted/rejected terms.
        errors: rule files that could not be loaded (one per file).
        notices: rules skipped because their kind is not supported yet.
        budget: seconds each rule may spend on one article (None: no limit); a rule
            that runs out is stopped and reported as ``kbeditor.RuleFailed``.
        max_chars: articles longer than this are not linted, only noted as
            ``kbeditor.TooLarge`` (see :mod:`kbeditor.lint.limits`; None: no limit).
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        min_level: str = "suggestion",
        vocab: Vocabulary | None = None,
        errors: Sequence[RuleError] = (),
        notices: Sequence[RuleError] = (),
        settings: LintSettings | None = None,
        budget: float | None = RULE_BUDGET,
        max_chars: int | None = MAX_LINT_CHARS,
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.budget = budget
        self.max_chars = max_chars
        self.min_level = min_level
        self.vocab = vocab or Vocabulary()
        self.errors = list(errors)
        self.notices = list(notices)
        self.settings = settings
        # Rules whose file says ``enabled: false`` and that the configuration did not turn on.
        self.shipped_off: tuple[Rule, ...] = ()
        self._token = next(_tokens)
        self._lock = threading.Lock()
        # Worked out once: each rule's scope key (read for every rule of every lint).
        self._scope_keys = tuple(r.scope.key for r in self.rules)
        self._raw = tuple(r.scope.raw for r in self.rules)
        self._document = tuple(r.document for r in self.rules)
        # Rules that read the text as written, decided line by line: a relint checks only
        # the lines that changed (see kbeditor.lint.lines).
        self._by_line = frozenset(i for i, r in enumerate(self.rules) if _decided_by_line(r))
        # Rules whose scope a relint can work out for the changed blocks alone.
        self._per_block = frozenset(
            i for i, r in enumerate(self.rules) if not r.scope.raw and per_block(r.scope)
        )
        self._min_level = min_level
        # The workspace's words (spelling's ``workspace`` field), set by a caller that has them.
        self.words: WorkspaceWords | None = None

    # -- construction -----------------------------------------------------------
    @classmethod
    def for_workspace(cls, root: str | Path) -> Linter:
        """The linter a workspace's configuration asks for (see kbeditor.lint.settings)."""
        return cls.from_settings(settings_for(root))

    @classmethod
    def from_config_file(cls, path: str | Path) -> Linter:
        return cls.from_settings(from_file(path))

    @classmethod
    def from_styles(
        cls,
        folders: Iterable[str | Path],
        *,
        min_level: str = "suggestion",
        rules: dict[str, str] | None = None,
        accept: Sequence[str] = (),
        reject: Sequence[str] = (),
    ) -> Linter:
        """A linter from explicit style folders (each folder is one style)."""
        loaded = LoadResult()
        for folder in folders:
            loaded.extend(load_style(folder))
        return cls._build(
            loaded, rules or {}, min_level, Vocabulary.build(list(accept), list(reject))
        )

    @classmethod
    def from_settings(cls, settings: LintSettings) -> Linter:
        loaded = LoadResult()
        wanted = list(settings.styles)
        for (
            key,
            value,
        ) in settings.rules.items():  # 'Style.Rule = YES' turns on a rule of another style
            style = key.split(".", 1)[0]
            if value != "off" and "." in key and style not in wanted:
                wanted.append(style)
        extra_only = [s for s in wanted if s not in settings.styles]
        for style in wanted:
            if style == "Vale":
                continue  # Vale's built-in rules come from the vocabularies below
            folder = settings.find_style(style)
            if folder is None:
                where = settings.source or "the configuration"
                loaded.errors.append(
                    RuleError(
                        f"style '{style}' not found in {', '.join(str(p) for p in settings.search_paths())}",
                        where,
                    )
                )
                continue
            result = load_style(folder, style)
            if style in extra_only:
                result.rules = [r for r in result.rules if settings.rules.get(r.id, "off") != "off"]
            loaded.extend(result)
        accept, reject = list(settings.accept), list(settings.reject)
        for folder in settings.vocab_dirs():
            accept += _read_terms(folder / "accept.txt")
            reject += _read_terms(folder / "reject.txt")
        vocab = Vocabulary.build(accept, reject)
        from kbeditor.lint.builtin import vale_style_rules, vocab_rules

        loaded.rules.extend(vocab_rules(vocab, settings, loaded.errors))
        loaded.rules.extend(vale_style_rules(settings, loaded.errors))
        linter = cls._build(loaded, settings.rules, settings.min_level, vocab, settings)
        linter.words = workspace_words.for_settings(settings)  # the identity digests the same
        return linter

    @classmethod
    def _build(
        cls,
        loaded: LoadResult,
        overrides: dict[str, str],
        min_level: str,
        vocab: Vocabulary,
        settings: LintSettings | None = None,
    ) -> Linter:
        rules: list[Rule] = []
        shipped_off: list[Rule] = []
        for rule in loaded.rules:
            setting = overrides.get(rule.id, overrides.get(rule.style))
            if setting == "off":
                continue
            if not rule.enabled and overrides.get(rule.id) is None:
                shipped_off.append(rule)
                continue
            if setting in SEVERITIES and setting != rule.level:
                rule = rule.with_level(setting)
            rules.append(rule)
        linter = cls(
            rules,
            min_level=min_level,
            vocab=vocab,
            errors=loaded.errors,
            notices=loaded.notices,
            settings=settings,
        )
        linter.shipped_off = tuple(shipped_off)
        return linter

    @property
    def view_rules(self) -> tuple[Rule, ...]:
        """The rules in force plus those that ship off: what the readability panel reads.

        Its hard-sentence view is Hemingway's, shown on request, so it marks hard sentences
        by the sentence rules' grades even when those rules are off the Problems list.
        """
        return (*self.rules, *self.shipped_off)

    # -- linting -----------------------------------------------------------------
    def profile(self, article: Article) -> Profile:
        """The type and audience the rules use for ``article`` (inferred unless config says no)."""
        return profile(article, infer=self.settings.infer if self.settings else True)

    def lint(self, article: Article) -> list[Diagnostic]:
        """Every diagnostic for an article, sorted by position."""
        return list(self.check(article).diagnostics)

    def check(self, article: Article) -> LintResult:
        """Full lint, returning a result that :meth:`relint` can build on."""
        return self._run(article, None)

    def relint(self, article: Article, previous: LintResult | None) -> LintResult:
        """Lint after an edit, reusing ``previous`` for prose blocks that did not change."""
        return self._run(article, previous)

    def _run(self, article: Article, previous: LintResult | None) -> LintResult:
        if too_large(article, self.max_chars):
            problems = [*_article_problems(article), notice(article, self.max_chars or 0)]
            return LintResult(article.text, tuple(problems), self._token)
        reading = self.profile(article)
        article_words = ArticleWords(article.mask)
        ctx = LintContext(
            article,
            reading.audience,
            reading.type,
            self.vocab,
            self.words,
            article_words=article_words,
        )
        run_key = (*ctx.key, reading.audience_inferred, reading.type_inferred)
        if previous is not None and (previous.linter != self._token or previous.context != run_key):
            previous = None
        levels = {
            i: r.level_for(reading.audience_inferred, reading.type_inferred)
            for i, r in enumerate(self.rules)
            if r.applies_to(ctx.audience, ctx.type)
        }
        running = {self.rules[i].id for i, level in levels.items() if level != "off"}
        active = [
            (i, rule)
            for i, level in levels.items()
            if level != "off" and not running.intersection((rule := self.rules[i]).yields_to)
        ]
        scope_keys, raw, document = self._scope_keys, self._raw, self._document
        prose = [(bi, b) for bi, b in enumerate(article.blocks) if b.is_prose]
        keys = [_block_key(article, b) for _, b in prose]
        scopes: dict[str, Ranges] = {}
        found: list[tuple[int, Match]] = []
        local: list[list[tuple[int, Match]]] = [[] for _ in prose]
        reused = set()
        if previous is not None:
            for j, key in enumerate(keys):
                cached = previous.blocks.get(key)
                if cached is not None:
                    local[j] = list(cached)
                    reused.add(j)
        changed = [(j, b) for j, (_, b) in enumerate(prose) if j not in reused]
        subsets: dict[str, list[tuple[int, int, Ranges]]] = {}
        starts = [b.start for _, b in prose]
        guard = _Guard(self.budget)
        lines: LineParts | None = None
        for ri, rule in active:
            if document[ri]:  # reads the article; an article without prose is not judged
                if prose:
                    found.extend((ri, m) for m in self._safe_run(rule, ctx, None, found, guard))
                continue
            check = rule.check
            is_local = check.local and not raw[ri]
            if is_local and len(reused) == len(prose):
                continue
            scope_key = scope_keys[ri]
            if is_local and reused and ri in self._per_block:
                parts = subsets.get(scope_key)
                if parts is None:  # the changed blocks' shares, without the whole scope
                    parts = subsets[scope_key] = _block_parts(article, rule.scope, prose, changed)
                for j, block_start, sub in parts:
                    local[j].extend(
                        (ri, m.shifted(-block_start))
                        for m in self._safe_run(rule, ctx, sub, found, guard)
                    )
                continue
            ranges = scopes.get(scope_key)
            if ranges is None:
                quoting = rule.scope.quotes
                source = (
                    article.text if raw[ri] else article.searchable if quoting else article.mask
                )
                ranges = scopes[scope_key] = Ranges(scope_spans(article, rule.scope), source)
                if not raw[ri] and not quoting:
                    ranges.read_article_index(article_words)
            if not ranges:
                continue
            if ri in self._by_line:
                if lines is None:
                    lines = LineParts(
                        article.text, article.body_start, previous.blocks if previous else None
                    )
                target = ranges if previous is None else lines.changed
                if target:
                    lines.add(ri, self._safe_run(rule, ctx, target, found, guard))
                continue
            if not is_local:
                found.extend((ri, m) for m in self._safe_run(rule, ctx, ranges, found, guard))
                continue
            if reused:
                parts = subsets.get(scope_key)
                if parts is None:  # each changed block's share of the scope, once per scope
                    parts = subsets[scope_key] = _indexed(
                        (j, b.start, sub)
                        for j, b in changed
                        if (sub := ranges.subset(b.start, b.end))
                    )
                for j, block_start, sub in parts:
                    local[j].extend(
                        (ri, m.shifted(-block_start))
                        for m in self._safe_run(rule, ctx, sub, found, guard)
                    )
                continue
            for m in self._safe_run(rule, ctx, ranges, found, guard):
                j = bisect.bisect_right(starts, m.start) - 1
                if j >= 0 and m.start < prose[j][1].end + 1:
                    local[j].append((ri, m.shifted(-prose[j][1].start)))
                else:
                    found.append((ri, m))
        cache: dict[BlockKey, tuple[tuple[int, Match], ...]] = {}
        for j, (_, b) in enumerate(prose):
            entries = tuple(local[j])
            cache[keys[j]] = entries
            if entries:  # most blocks have none: no generator for them
                found.extend((ri, m.shifted(b.start)) for ri, m in entries)
        if lines is not None:
            lines.store(cache, found)
        diagnostics = self._diagnostics(article, found, levels)
        if guard.failed:  # blocks a stopped rule did not finish are not reused: check them again
            cache = {}
        if previous is None:
            _freeze_once()
        return LintResult(article.text, tuple(diagnostics), self._token, run_key, cache)

    def _safe_run(
        self,
        rule: Rule,
        ctx: LintContext,
        ranges: Ranges | None,
        sink: list[tuple[int, Match]],
        guard: _Guard,
    ) -> list[Match]:
        """Run a check within the rule's budget for this article (``ranges`` None: a
        document-level check, which reads the article alone).

        A check that fails on odd input, or runs past its budget, becomes one
        diagnostic (``kbeditor.RuleFailed``), never a crash or a freeze.
        """
        if rule.id in guard.failed:
            return []
        try:
            # A check's one-off set-up (the spelling dictionary) is not part of its budget: on a
            # busy machine loading it alone could outlast the budget and stop the rule.
            prepare = getattr(rule.check, "prepare", None)
            if prepare is not None:
                prepare()
            with guard.budget_for(rule.id):
                if ranges is None:
                    return list(rule.check.run(ctx))
                return list(rule.check.run(ctx, ranges))
        except RuleTimeout:
            reason = (
                f"rule {rule.id} was stopped: it took more than {guard.seconds:g} s on this "
                "article (a pattern that backtracks, or an article too large for it)"
            )
        except Exception as exc:
            reason = f"rule {rule.id} could not check this article ({type(exc).__name__}: {exc})"
        guard.failed.add(rule.id)
        at = ranges[0][0] if ranges is not None else _first_prose(ctx.article)
        sink.append((-1, Match(at, at, (), None, reason)))
        return []

    def _diagnostics(
        self, article: Article, found: list[tuple[int, Match]], levels: dict[int, str]
    ) -> list[Diagnostic]:
        controls = parse_controls(article)
        out: list[Diagnostic] = [*_article_problems(article)]
        counts: dict[int, int] = {}
        text = article.text
        line_col = article.line_col
        found.sort(key=lambda item: (item[1].start, item[1].end, item[0]))
        seen: set[tuple[int, int, int]] = set()
        rules, min_level = self.rules, self._min_level
        for ri, m in found:
            if ri < 0:
                out.append(_internal(article, m))
                continue
            level = levels.get(ri, rules[ri].level)
            if not at_least(level, min_level):
                continue
            rule = rules[ri]
            if (ri, m.start, m.end) in seen:
                continue
            seen.add((ri, m.start, m.end))
            if controls and controls.disabled(rule.id, m.start):
                continue
            if rule.limit:
                counts[ri] = counts.get(ri, 0) + 1
                if counts[ri] > rule.limit:
                    continue
            line, col = line_col(m.start)
            end_line, end_col = line_col(m.end)
            message = m.message if m.message is not None else format_message(rule.message, m.args)
            out.append(
                Diagnostic(
                    rule.id,
                    rule.category,
                    level,
                    message,
                    rule.description,
                    rule.link,
                    text[m.start : m.end],
                    m.start,
                    m.end,
                    line,
                    col,
                    end_line,
                    end_col,
                    m.fix,
                    m.alternatives,
                )
            )
        out.sort(key=Diagnostic.sort_key)
        return out


class _Guard:
    """The budgets of one lint run: one deadline per rule, and the rules that failed."""

    __slots__ = ("seconds", "_deadlines", "failed")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._deadlines: dict[str, float] = {}
        self.failed: set[str] = set()

    def budget_for(self, rule_id: str) -> AbstractContextManager[None]:
        """The rule's budget, counted from its first check on this article (a relint checks
        a rule once per changed block; together they get one budget)."""
        if self.seconds is None:
            return rule_budget(None)
        now = time.monotonic()
        deadline = self._deadlines.setdefault(rule_id, now + self.seconds)
        return rule_budget(max(deadline - now, 0.0))


_frozen = False


def _freeze_once() -> None:
    """Leave what the process holds after its first lint out of later garbage collections.

    By then the rules are compiled and the dictionaries loaded (spelling,
    pronunciations, the lexicon): hundreds of thousands of objects that live
    as long as the process. Python's full collection walks all of them every
    few dozen relints, a pause of 0.3 s while the writer types; frozen
    (``gc.freeze``), they are still freed by reference counting, only no
    longer walked. Once per process: freezing again would keep later cyclic
    garbage forever.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _block_parts(
    article: Article, scope: Scope, prose: list[tuple[int, Block]], changed: list[tuple[int, Block]]
) -> list[tuple[int, int, Ranges]]:
    """Each changed prose block's share of a scope: (its place in ``prose``, its start, spans)."""
    source = article.searchable if scope.quotes else article.mask
    parts = []
    for j, b in changed:
        spans = block_scope_spans(article, scope, prose[j][0])
        if spans:
            parts.append((j, b.start, Ranges(spans, source)))
    return _indexed(parts)


def _indexed(parts: Iterable[tuple[int, int, Ranges]]) -> list[tuple[int, int, Ranges]]:
    """Changed blocks' shares of a scope, each indexing its words for the first word-list
    rule: a relint runs every rule of the scope over them, and a plain scan by a long
    phrase list costs more than the index (one paragraph: about 0.5 ms against 0.04 ms)."""
    out = list(parts)
    for _, _, sub in out:
        sub.index_at_first_ask()
    return out


def _decided_by_line(rule: Rule) -> bool:
    """An existence rule over the text as written whose pattern stays inside one line."""
    check = rule.check
    return (
        rule.scope.raw
        and isinstance(check, ExistenceCheck)
        and confined_to_line(check.search.regex)
    )


def _first_prose(article: Article) -> int:
    return next((b.start for b in article.blocks if b.is_prose), 0)


def _block_key(article: Article, block) -> BlockKey:
    return (block.kind, block.level, block.quote_depth > 0, article.mask[block.start : block.end])


_SPACES = re.compile(" {2,}")


def format_message(template: str, args: Sequence[str]) -> str:
    """Vale's messages are Go format strings: each %s takes the next argument.

    As Vale prints them, a line break becomes a space and a run of spaces one space
    ("'y.  T' should have one space" reads "'y. T'").
    """
    if "%" not in template:
        return template
    return _format(template, tuple(args))


@lru_cache(maxsize=16_384)
def _format(template: str, args: tuple[str, ...]) -> str:
    parts = template.replace("%%", "\x00").split("%s")
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append(str(args[i]) if i < len(args) else "")
        out.append(part)
    message = "".join(out).replace("\x00", "%")
    if "\n" in message or "  " in message:
        message = _SPACES.sub(" ", message.replace("\n", " "))
    return message


def _article_problems(article: Article) -> list[Diagnostic]:
    out = []
    for err in article.errors:
        line = err.line or 1
        start = article.offset_of(line, 1)
        end_of_line = article.text.find("\n", start)
        end = len(article.text) if end_of_line < 0 else end_of_line
        rule = "kbeditor.FrontMatter" if "front matter" in err.message else "kbeditor.File"
        _, end_col = article.line_col(end)
        out.append(
            Diagnostic(
                rule,
                "structure",
                "error",
                err.message,
                "The file could not be read as written; the rest of the article was still checked.",
                "",
                article.text[start:end],
                start,
                end,
                line,
                1,
                line,
                end_col,
                None,
            )
        )
    return out


def _internal(article: Article, m: Match) -> Diagnostic:
    line, col = article.line_col(m.start)
    return Diagnostic(
        "kbeditor.RuleFailed",
        "style",
        "warning",
        m.message or "",
        "A rule failed on this article; please report it with the article.",
        "",
        "",
        m.start,
        m.start,
        line,
        col,
        line,
        col,
        None,
    )


def _read_terms(path: Path) -> list[str]:
    if not path.is_file():
        return []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the vocabulary ({exc.strerror})", path) from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


# Helpers for the editor's quick actions, re-exported here so the GUI has one import.
from kbeditor.lint.edits import accept_word, apply_fix, ignore_comment, ignore_here  # noqa: E402

__all__ = [
    "Linter",
    "LintResult",
    "accept_word",
    "apply_fix",
    "format_message",
    "ignore_comment",
    "ignore_here",
]
