"""Loading rules: a style is a folder of YAML files, one rule per file (Vale's schema).

Every problem in a rule file is a :class:`RuleError` naming the file, the field
and what is wrong; the other rules of the style still load. Kinds Vale has and
we do not run yet (sequence, script) load as notices and are skipped.

Our fields beyond Vale's, allowed on any rule:

- ``category``: one of :data:`CATEGORIES` (default ``style``);
- ``audiences`` / ``types``: run only for these front-matter audiences / article types;
- ``examples``: ``{flag: [text, ...], pass: [text, ...]}``, Markdown texts the rule
  must flag (at least one alert each) and must not flag (no alert);
- ``safe``: true when the rule's quick fix can be applied without reading it;
- ``enabled``: false for a rule that ships off (its precision on articles it was not
  tuned on is too low to be on for everyone); a workspace turns it on with
  ``"Style.Rule" = "on"`` or a level in ``[lint.rules]`` (``Style.Rule = YES`` in a
  ``.vale.ini``);
- ``when_inferred``: the level to report at (or ``off``) when the type or audience
  the rule's ``types`` / ``audiences`` filter matched was inferred, not written in
  our own front matter (for a rule without those filters: when both were, an
  article imported from another system): a rule that is right for an article declared for end users can be
  wrong on an imported article only guessed to be one;
- ``yields_to``: ids of stricter rules that say the same thing (``[KB.SentenceLength]``):
  on an article where any of them runs, this rule does not, so one long sentence gets
  one alert, not two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbeditor.bundled import LINT_RULES
from kbeditor.errors import KbError
from kbeditor.frontmatter import AUDIENCES, TYPES
from kbeditor.lint import kinds
from kbeditor.lint.diagnostic import SEVERITIES, Fix
from kbeditor.lint.regexes import (
    RegexError,
    audited_style,
    check_tokens,
    combine,
    compile_pattern,
    compile_vale,
)
from kbeditor.lint.scope import Scope, parse_scope

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

CATEGORIES = (
    "structure",
    "recovery",
    "reassurance",
    "jargon",
    "readability",
    "respect",
    "empathy",
    "canned",
    "expectations",
    "accessibility",
    "finished",
    "lifecycle",
    "style",
)
ACTIONS = ("replace", "remove", "edit", "suggest", "convert")

# Fields every rule may carry, with their YAML types.
COMMON_FIELDS: dict[str, type | tuple[type, ...]] = {
    "extends": str,
    "message": str,
    "description": str,
    "level": str,
    "link": str,
    "scope": (str, list),
    "ignorecase": bool,
    "nonword": bool,
    "vocab": bool,
    "action": dict,
    "limit": int,
    "code": bool,
    "safe": bool,
    "category": str,
    "audiences": (str, list),
    "types": (str, list),
    "examples": dict,
    "enabled": bool,
    "when_inferred": (str, bool),  # YAML reads a bare ``off`` as false
    "yields_to": (str, list),
}
_TYPE_WORDS = {
    str: "text",
    list: "list",
    dict: "mapping",
    bool: "true or false",
    int: "number",
    float: "number",
}


class RuleError(KbError):
    """A rule file that cannot be used; ``field`` names the key at fault."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        if field and not message.startswith(f"'{field}'"):
            message = f"'{field}': {message}"
        super().__init__(message, path, line, field)


@dataclass(frozen=True, slots=True)
class Examples:
    flag: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.flag or self.passing)


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    params: tuple[str, ...] = ()


@dataclass(slots=True)
class RuleContext:
    """What a kind's ``compile`` knows about the rule it builds (see kinds/__init__.py)."""

    id: str
    path: Path | None
    kind: str
    scope: Scope
    ignorecase: bool = False
    nonword: bool = False
    vocab: bool = True
    action: Action | None = None
    safe: bool = False
    source: str = ""
    base: str = ""  # the kind this rule's kind builds on (its module's BASE), if any

    def error(self, field: str, problem: str) -> RuleError:
        return RuleError(problem, self.path, _line_of(self.source, field), field)

    def base_check(self, spec: dict[str, Any]) -> Any:
        """The rule's fields of its kind's ``BASE`` kind, compiled as a rule of that kind.

        A kind builds on another by naming it, never by importing it.
        """
        module = kinds.get(self.base)
        assert module is not None, f"{self.kind} builds on unknown kind {self.base!r}"
        fields = getattr(module, "FIELDS", {})
        return module.compile({k: v for k, v in spec.items() if k in fields}, self)

    def regex(self, field: str, pattern: str, ignorecase: bool | None = None) -> re.Pattern[str]:
        """Compile one Vale pattern (Go syntax translated), naming ``field`` on error."""
        if not isinstance(pattern, str):
            raise self.error(field, "must be text (a regular expression)")
        try:
            return compile_vale(pattern, self.ignorecase if ignorecase is None else ignorecase)
        except RegexError as exc:
            raise self.error(field, str(exc)) from None

    def any_of(
        self, field: str, patterns: list[str] | None, prefix: str = "", suffix: str = ""
    ) -> re.Pattern[str] | None:
        """One case-insensitive Python regex matching any of ``patterns``; None for none.

        For the KB kinds' lists of phrases (headings, answers, waivers), written as
        Python regexes, not Vale's; ``prefix``/``suffix`` wrap the alternation.
        """
        if not patterns:
            return None
        alternatives = "|".join(f"(?:{p})" for p in patterns)
        try:
            return compile_pattern(f"{prefix}(?:{alternatives}){suffix}", re.IGNORECASE)
        except RegexError as exc:
            raise self.error(field, str(exc)) from None

    def tokens(
        self,
        field: str,
        tokens: list[str],
        *,
        raw: str = "",
        append: bool = False,
        nonword: bool | None = None,
        anchored: bool = False,
    ) -> re.Pattern[str]:
        """One alternation regex for a token list, with Vale's word boundaries unless nonword."""
        if not all(isinstance(t, str) for t in tokens):
            raise self.error(field, "every entry must be text")
        try:
            return combine(
                tokens,
                ignorecase=self.ignorecase,
                nonword=self.nonword if nonword is None else nonword,
                anchored=anchored,
                raw=raw,
                append=append,
            )
        except RegexError as exc:
            try:
                check_tokens(tokens)
            except RegexError as precise:
                raise self.error(field, str(precise)) from None
            raise self.error(field, str(exc)) from None

    def exceptions(self, values: object, field: str = "exceptions") -> re.Pattern[str] | None:
        """Exceptions as one anchored regex (a match equal to an exception is not reported)."""
        if values is None:
            return None
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.error(field, "must be a list of terms")
        return self.tokens(field, values, anchored=True) if values else None

    def action_fix(self, matched: str) -> Fix | None:
        """The rule's ``action:`` as a quick fix for one matched text, if it makes one."""
        return action_fix(self.action, matched, self.safe)


def action_fix(action: Action | None, matched: str, safe: bool = False) -> Fix | None:
    if action is None:
        return None
    p = action.params
    if action.name == "remove":
        return Fix("", safe, f"Remove '{matched.strip()}'")
    if action.name == "replace" and p:
        return Fix(p[0], safe, f"Replace with '{p[0]}'")
    if action.name == "edit" and p:
        new = _edit(p, matched)
        if new is not None and new != matched:
            return Fix(new, safe, f"Change to '{new}'" if new else f"Remove '{matched.strip()}'")
    return None


def _edit(params: tuple[str, ...], text: str) -> str | None:
    how, args = params[0], params[1:]
    try:
        if how == "regex" and len(args) >= 2:
            return re.sub(compile_vale(args[0]).pattern, args[1].replace("$", "\\"), text)
        if how == "trim_right":
            return text.rstrip(args[0] if args else None)
        if how == "trim_left":
            return text.lstrip(args[0] if args else None)
        if how == "trim":
            return text.strip(args[0] if args else None)
        if how == "truncate" and args:
            return text.split(args[0])[0]
        if how == "split" and len(args) >= 2:
            return text.split(args[0])[int(args[1])]
    except (re.error, RegexError, IndexError, ValueError):
        return None
    return None


@dataclass(frozen=True, slots=True)
class Rule:
    """A loaded, compiled rule. ``id`` is 'Style.Name' (the file name without .yml)."""

    id: str
    kind: str
    level: str
    message: str
    description: str
    link: str
    scope: Scope
    category: str
    audiences: tuple[str, ...]
    types: tuple[str, ...]
    examples: Examples
    check: Any = field(compare=False, repr=False)
    path: Path | None = None
    action: Action | None = None
    limit: int = 0
    safe: bool = False
    enabled: bool = True
    when_inferred: str = ""  # level (or "off") when the profile it filters on was inferred
    document: bool = False  # a document-level kind: its check reads the article, not a scope
    yields_to: tuple[str, ...] = ()  # rule ids that, when they run, make this one unneeded

    @property
    def style(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def level_for(self, audience_inferred: bool, type_inferred: bool) -> str:
        """The level to report at for an article whose audience / type were inferred or not."""
        if not self.when_inferred:
            return self.level
        if self.audiences or self.types:  # the guess it depends on
            guessed = (self.audiences and audience_inferred) or (self.types and type_inferred)
        else:  # an imported article: neither came from our own front matter
            guessed = audience_inferred and type_inferred
        return self.when_inferred if guessed else self.level

    def applies_to(self, audience: str, article_type: str | None) -> bool:
        if self.audiences and audience not in self.audiences:
            return False
        return not (self.types and article_type not in self.types)

    def with_level(self, level: str) -> Rule:
        from dataclasses import replace

        return replace(self, level=level)


@dataclass(slots=True)
class LoadResult:
    """Rules that loaded, errors (one per broken file) and notices (skipped kinds)."""

    rules: list[Rule] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    notices: list[RuleError] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.rules.extend(other.rules)
        self.errors.extend(other.errors)
        self.notices.extend(other.notices)


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a style folder (top level only, as Vale reads them)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def load_style(folder: str | Path, name: str | None = None) -> LoadResult:
    """Load every rule file in a style folder; the style's name is the folder's name."""
    folder = Path(folder)
    style = name or folder.name
    result = LoadResult()
    audited = _is_bundled(folder)
    for path in rule_files(folder):
        try:
            if audited:
                with audited_style():
                    rule = load_rule_file(path, f"{style}.{path.stem}")
            else:
                rule = load_rule_file(path, f"{style}.{path.stem}")
        except UnsupportedKind as notice:
            result.notices.append(notice)
            continue
        except RuleError as exc:
            result.errors.append(exc)
            continue
        result.rules.append(rule)
    return result


def _is_bundled(folder: Path) -> bool:
    """Whether ``folder`` is a style of the bundled house style (audited, see regexes)."""
    try:
        return folder.resolve().is_relative_to(LINT_RULES.resolve())
    except OSError:
        return False


class UnsupportedKind(RuleError):
    """A Vale kind we do not run yet: reported once as a notice, the rule is skipped."""


def load_rule_file(path: str | Path, rule_id: str | None = None) -> Rule:
    """Load one rule file. Raises RuleError (or UnsupportedKind) naming the file and field."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot be read ({exc})", path) from None
    rid = rule_id or f"{path.parent.name}.{path.stem}"
    return parse_rule(source, rid, path)


def parse_rule(source: str, rule_id: str, path: Path | None = None) -> Rule:
    """Build a Rule from YAML text (the loader's core; also handy for tests and the editor)."""
    try:
        spec = yaml.load(source, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"not valid YAML: {problem}", path, line) from None
    if not isinstance(spec, dict):
        raise RuleError("a rule file must be a YAML mapping (key: value lines)", path, 1)
    kind = spec.get("extends")
    if not isinstance(kind, str) or not kind:
        raise RuleError(
            "missing: every rule names its kind, for example 'extends: existence'",
            path,
            _line_of(source, "extends") or 1,
            "extends",
        )
    if kind in kinds.UNSUPPORTED:
        raise UnsupportedKind(
            f"rule kind '{kind}' is not supported yet; rule {rule_id} is skipped",
            path,
            _line_of(source, "extends"),
            "extends",
        )
    module = kinds.get(kind)
    if module is None:
        known = ", ".join(kinds.names())
        raise RuleError(
            f"unknown rule kind '{kind}' (known: {known})",
            path,
            _line_of(source, "extends"),
            "extends",
        )
    _check_types(spec, module, path, source)
    document = bool(getattr(module, "DOCUMENT", False))
    if document and spec.get("scope") is not None:
        raise RuleError(
            f"a {kind} rule reads the whole article, so 'scope' would be ignored: remove it",
            path,
            _line_of(source, "scope"),
            "scope",
        )
    for req in ("message",) + tuple(getattr(module, "REQUIRED", ())):
        options = req.split("|")
        if not any(spec.get(o) not in (None, "", [], {}) for o in options):
            what = " or ".join(f"'{o}'" for o in options)
            raise RuleError(f"missing: a {kind} rule needs {what}", path, None, options[0])
    if spec.get("scope") is None and hasattr(module, "DEFAULT_SCOPE"):
        spec = {**spec, "scope": module.DEFAULT_SCOPE}
    ctx = _context(spec, rule_id, path, kind, source)
    ctx.base = getattr(module, "BASE", "")
    level = spec.get("level", "suggestion")
    if level not in SEVERITIES:
        raise ctx.error("level", f"'{level}' is not a level (use suggestion, warning or error)")
    category = spec.get("category", "style")
    if category not in CATEGORIES:
        raise ctx.error(
            "category", f"'{category}' is not a category (use one of: {', '.join(CATEGORIES)})"
        )
    audiences = _names(ctx, spec, "audiences", AUDIENCES)
    types = _names(ctx, spec, "types", TYPES)
    examples = _examples(ctx, spec.get("examples"))
    limit = spec.get("limit", 0)
    if isinstance(limit, bool) or (isinstance(limit, int) and limit < 0):
        raise ctx.error(
            "limit", f"'{limit}' is not a number of alerts (use 0 for no limit, or 1 or more)"
        )
    when_inferred = spec.get("when_inferred", "")
    when_inferred = "off" if when_inferred is False else when_inferred
    if when_inferred is True or when_inferred and when_inferred not in (*SEVERITIES, "off"):
        raise ctx.error(
            "when_inferred", f"'{when_inferred}' is not a level (use off, {', '.join(SEVERITIES)})"
        )
    yields_to = spec.get("yields_to") or []
    yields_to = [yields_to] if isinstance(yields_to, str) else yields_to
    if not all(isinstance(y, str) and "." in y for y in yields_to):
        raise ctx.error("yields_to", "must be a list of rule ids such as KB.SentenceLength")
    try:
        check = module.compile(spec, ctx)
    except RuleError:
        raise
    except (TypeError, ValueError, KeyError) as exc:
        raise RuleError(f"invalid {kind} rule: {exc}", path) from None
    return Rule(
        id=rule_id,
        kind=kind,
        level=level,
        message=spec["message"].strip(),
        description=str(spec.get("description") or "").strip(),
        link=str(spec.get("link") or "").strip(),
        scope=ctx.scope,
        category=category,
        audiences=audiences,
        types=types,
        examples=examples,
        check=check,
        path=path,
        action=ctx.action,
        limit=limit if isinstance(limit, int) else 0,
        safe=ctx.safe,
        enabled=spec.get("enabled", True) is not False,
        when_inferred=when_inferred,
        document=document,
        yields_to=tuple(yields_to),
    )


def _check_types(spec: dict[str, Any], module: Any, path: Path | None, source: str) -> None:
    allowed = dict(COMMON_FIELDS)
    base = kinds.get(getattr(module, "BASE", ""))
    if base is not None:
        allowed.update(getattr(base, "FIELDS", {}))
    allowed.update(getattr(module, "FIELDS", {}))
    for key, value in spec.items():
        want = allowed.get(key)
        if want is None or value is None:
            continue  # Vale ignores keys it does not know; so do we
        types = want if isinstance(want, tuple) else (want,)
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            words = " or ".join(_TYPE_WORDS.get(t, t.__name__) for t in types)
            raise RuleError(
                f"must be {words}, not {type(value).__name__}", path, _line_of(source, key), key
            )


def _context(
    spec: dict[str, Any], rule_id: str, path: Path | None, kind: str, source: str
) -> RuleContext:
    ctx = RuleContext(rule_id, path, kind, Scope(), source=source)
    try:
        ctx.scope = parse_scope(spec.get("scope"))
    except ValueError as exc:
        raise ctx.error("scope", str(exc)) from None
    ctx.ignorecase = bool(spec.get("ignorecase", False))
    ctx.nonword = bool(spec.get("nonword", False))
    ctx.vocab = bool(spec.get("vocab", True))
    ctx.safe = bool(spec.get("safe", False))
    action = spec.get("action")
    if action is not None:
        name = action.get("name")
        if name not in ACTIONS:
            raise ctx.error("action", f"'name' must be one of {', '.join(ACTIONS)}")
        params = action.get("params") or []
        if not isinstance(params, list):
            raise ctx.error("action", "'params' must be a list")
        ctx.action = Action(name, tuple(str(p) for p in params))
    return ctx


def _names(
    ctx: RuleContext, spec: dict[str, Any], key: str, allowed: tuple[str, ...]
) -> tuple[str, ...]:
    value = spec.get(key)
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    for v in values:
        if v not in allowed:
            raise ctx.error(key, f"'{v}' is not one of {', '.join(allowed)}")
    return tuple(values)


def _examples(ctx: RuleContext, value: Any) -> Examples:
    if value is None:
        return Examples()
    unknown = set(value) - {"flag", "pass"}
    if unknown:
        raise ctx.error("examples", f"unknown key '{sorted(unknown)[0]}' (use 'flag' and 'pass')")
    out: dict[str, tuple[str, ...]] = {}
    for key in ("flag", "pass"):
        items = value.get(key) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ctx.error("examples", f"'{key}' must be a list of texts")
        out[key] = tuple(items)
    return Examples(out["flag"], out["pass"])


def _line_of(source: str, key: str) -> int | None:
    if not source:
        return None
    m = re.search(rf"^{re.escape(key)}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, m.start()) + 1 if m else None
