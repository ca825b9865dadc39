"""Read one YAML file into data plus the line of every value, never raising.

Dates stay strings (so that the schemas' `format: date` applies), duplicate keys are
reported (PyYAML would silently keep the last one and lose data), and a syntax error
becomes a Problem with its line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .problems import Problem

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python elsewhere.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver: dates are loaded as strings."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class YamlDocument:
    """A parsed file: its data, and its text to find the line of any value.

    The node tree (with lines) is parsed again only when a problem needs a line: keeping
    the trees of thousands of files costs memory and garbage-collection time.
    """

    path: str
    data: Any
    text: str | None = field(repr=False, default=None)

    @property
    def slug(self) -> str:
        return Path(self.path).stem

    @functools.cached_property
    def node(self) -> yaml.Node | None:
        if self.text is None:
            return None
        loader = _Loader(self.text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    def line_of(self, location: tuple[str | int, ...] | list[str | int]) -> int:
        """The 1-based line of the value at `location`, or of its closest parent."""
        node = self.node
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for step in location:
            child = _child(node, step)
            if child is None:
                break
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        return line

    def key_line(self, location: tuple[str | int, ...], key: str) -> int:
        """The line where `key` is written inside the mapping at `location`."""
        node = self.node
        for step in location:
            child = _child(node, step) if node is not None else None
            if child is None:
                return self.line_of(location)
            node = child[1]
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.value == key:
                    return key_node.start_mark.line + 1
        return self.line_of(location)


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return None, node.value[step]
    return None


# Bounds that no member's entry comes near, and that stop a crafted file from hanging the
# validation or the build (an alias « bomb » expands exponentially; deep nesting exhausts the stack).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40


def read_yaml(path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path`; return the document, or None and the problems that prevent reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return None, [Problem(display_path, 1, "", "le fichier ne peut pas être lu — vérifiez son nom")]
    if size > MAX_FILE_BYTES:
        return None, [Problem(display_path, 1, "", f"le fichier est trop gros ({size // 1000} Ko, "
                              f"{MAX_FILE_BYTES // 1000} Ko au plus) — une fiche tient en quelques lignes")]
    if b"\0" in path.read_bytes():
        line = path.read_bytes().split(b"\0", 1)[0].count(b"\n") + 1
        return None, [Problem(display_path, line, "", "le fichier contient un caractère nul (invisible) "
                              "— recopiez la ligne à la main ou enregistrez le fichier en UTF-8")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(display_path, 1, "", f"le fichier n'est pas en UTF-8 (octet {exc.start}) — "
                    "enregistrez-le en UTF-8 depuis votre éditeur")
        ]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display_path, 1, "", "le fichier est vide — "
                                  "copiez le modèle d'une fiche existante")]
        shape = _shape_problem(node, display_path)
        if shape:
            return None, [shape]
        problems = list(_duplicate_keys(node, display_path))
        data = loader.construct_document(node)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # A value PyYAML cannot build: « !!int 059321923 », a 5,000-digit number…
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(display_path, mark.line + 1 if mark else 1, "",
                              "une valeur ne peut pas être lue (nombre trop long, ou type « !! » "
                              "imposé) — mettez-la entre guillemets et retirez tout « !! »")]
    except yaml.MarkedYAMLError as exc:
        # For an unclosed bracket or quote, the line where it was opened helps most.
        opened = exc.context and ("flow" in exc.context or "quoted" in exc.context)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        unclosed = _unclosed_quote_line(text, line)
        if unclosed is not None:
            return None, [Problem(display_path, unclosed, "", "syntaxe YAML invalide : un "
                                  "guillemet « \" » ouvert sur cette ligne n'est pas refermé — "
                                  "ajoutez le guillemet fermant à la fin de la valeur")]
        return None, [Problem(display_path, line, "", _describe_syntax_error(exc))]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all errors
        return None, [Problem(display_path, 1, "", f"syntaxe YAML invalide ({exc})")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [Problem(display_path, 1, "", "le fichier doit contenir des lignes "
                              "« clé: valeur » (par exemple « nom: Martin »)")]
    return YamlDocument(display_path, data, text), problems


def _unclosed_quote_line(text: str, error_line: int) -> int | None:
    """The first line before `error_line` with an odd number of double quotes: a value whose
    closing quote is missing runs on until the next quote, and libyaml reports the error there,
    lines later."""
    for number, line in enumerate(text.splitlines()[:error_line - 1], start=1):
        content = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        if (content.count('"') - content.count('\\"')) % 2:
            return number
    return None


def _shape_problem(root: yaml.Node, display_path: str) -> Problem | None:
    """Aliases (« &a » / « *a ») and nesting deeper than any entry needs are refused before the
    document is built: each node is visited once, so a crafted file cannot hang the reading."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            return Problem(display_path, line, "", "un alias YAML (« & » ou « * ») est utilisé — "
                           "écrivez chaque valeur en entier, ou mettez-la entre guillemets")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return Problem(display_path, line, "", f"trop de niveaux d'indentation (plus de "
                           f"{MAX_DEPTH}) — une fiche n'en a que quelques-uns")
        if node.tag.startswith("tag:yaml.org,2002:") and node.tag.rsplit(":", 1)[-1] not in _PLAIN_TAGS:
            return Problem(display_path, line, "", "un type « !! » inconnu des fiches est imposé — "
                           "retirez le « !!… » et mettez la valeur entre guillemets")
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return None


_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "map", "seq"}


def _duplicate_keys(node: yaml.Node, display_path: str) -> list[Problem]:
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                key, line = str(key_node.value), key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(
                        display_path, line, key,
                        f"la clé est écrite deux fois (déjà ligne {seen[key]}) — "
                        "gardez une seule ligne « " + key + ": … »"))
                else:
                    seen[key] = line
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def _describe_syntax_error(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    hints = {
        "tab character": "une tabulation est utilisée pour l'indentation — "
        "remplacez-la par des espaces",
        "found character '\\t'": "une tabulation est utilisée pour l'indentation — "
        "remplacez-la par des espaces",
        "mapping values are not allowed": "un « : » inattendu — mettez la valeur entre "
        "guillemets, par exemple « adresse: \"Rue: des Lilas\" »",
        "could not find expected ':'": "il manque « : » après le nom d'une clé, ou un guillemet "
        "n'est pas refermé",
        "found undefined alias": "un « * » en début de valeur — mettez la valeur entre guillemets",
        "expected <block end>, but found": "l'indentation n'est pas alignée — alignez cette ligne "
        "sur les autres clés du même niveau",
        "found unexpected end of stream": "un guillemet n'est pas refermé",
        "did not find expected node content": "une valeur manque après « : », « - » ou « [ », "
        "ou un crochet n'est pas refermé",
        "did not find expected ',' or ']'": "un crochet « [ » n'est pas refermé par « ] »",
        "did not find expected ',' or '}'": "une accolade « { » n'est pas refermée par « } »",
        "found character '@' that cannot start any token": "une valeur commence par « @ » — "
        "mettez-la entre guillemets",
        "found character '`' that cannot start any token": "une valeur commence par « ` » — "
        "mettez-la entre guillemets",
        "that cannot start any token": "une valeur commence par un caractère réservé (« % », « @ », "
        "« ` »…) — mettez-la entre guillemets",
        "did not find expected key": "une ligne n'est pas alignée ou un guillemet n'est pas refermé — "
        "alignez la ligne sur les autres clés et refermez les guillemets",
        "did not find expected '-' indicator": "un élément de liste n'est pas aligné — commencez "
        "chaque élément par « - » à la même colonne",
        "found unknown escape character": "un « \\ » dans un texte entre guillemets — écrivez le texte "
        "entre apostrophes « ' » ou retirez le « \\ »",
        "found duplicate anchor": "un alias YAML (« & ») est utilisé — écrivez chaque valeur en entier",
        "found undefined tag handle": "un « ! » en début de valeur — mettez la valeur entre guillemets",
        "special characters are not allowed": "un caractère spécial invisible — recopiez la "
        "ligne à la main",
        "control characters are not allowed": "un caractère de contrôle invisible — recopiez la "
        "ligne à la main",
    }
    for needle, hint in hints.items():
        if needle in problem or needle in str(exc):
            return f"syntaxe YAML invalide : {hint}"
    return "syntaxe YAML invalide — vérifiez l'indentation, les « : » et les guillemets de cette ligne"
