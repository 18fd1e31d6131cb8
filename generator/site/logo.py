"""A coach's logo, made safe to publish: a real image file, never a link, and an SVG rebuilt
from a strict allowlist, so nothing in it can run or reach another host.

An SVG is an XML document that a browser runs like a page when it is opened on its own:
script, event handlers, `javascript:` links, external references and styles that fetch
all work there. The SVG is parsed with expat (a DOCTYPE, and with it every entity, is
refused), and written out again with only the elements, attributes and style
declarations that draw shapes, text and fills.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath
from xml.parsers import expat
from xml.sax.saxutils import escape

MAX_LOGO_BYTES = 512 * 1024
MAX_DEPTH = 100

# What each file name extension promises, and how the file's first bytes prove it.
KINDS = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP"}
_MAGIC = {
    "PNG": re.compile(rb"\x89PNG\r\n\x1a\n"),
    "JPEG": re.compile(rb"\xff\xd8\xff"),
    "WebP": re.compile(rb"RIFF....WEBP", re.DOTALL),
}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ELEMENTS = _words(
    """svg g defs title desc symbol use path rect circle ellipse line polyline polygon text
    tspan textPath linearGradient radialGradient stop clipPath mask pattern image style
    marker filter feBlend feColorMatrix feComponentTransfer feComposite feDropShadow feFlood
    feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology
    feOffset"""
)
# Wrappers whose content is drawing: kept without the wrapper (a link goes, its shapes stay).
UNWRAPPED = _words("a switch")
ATTRIBUTES = _words(
    """id class transform x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height viewBox
    preserveAspectRatio version d points pathLength offset fill fill-opacity fill-rule
    stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-dasharray stroke-dashoffset opacity color display visibility overflow clip-path
    clip-rule mask filter stop-color stop-opacity gradientUnits gradientTransform
    spreadMethod patternUnits patternContentUnits patternTransform clipPathUnits maskUnits
    maskContentUnits markerUnits markerWidth markerHeight refX refY orient marker-start
    marker-mid marker-end font font-family font-size font-weight font-style font-variant
    font-stretch text-anchor dominant-baseline alignment-baseline baseline-shift
    letter-spacing word-spacing text-decoration white-space textLength lengthAdjust dx dy
    rotate startOffset filterUnits primitiveUnits in in2 result mode operator k1 k2 k3 k4
    values type stdDeviation flood-color flood-opacity radius tableValues slope intercept
    amplitude exponent lighting-color color-interpolation color-interpolation-filters
    shape-rendering text-rendering image-rendering vector-effect paint-order
    mix-blend-mode isolation role aria-hidden focusable"""
)
TEXT_ATTRIBUTES = _words("aria-label")  # words, written out escaped
# CSS functions that compute a value; none of them loads anything.
FUNCTIONS = _words(
    """rgb rgba hsl hsla calc matrix translate translatex translatey scale scalex scaley
    rotate skewx skewy"""
)

_LOCAL_URL = re.compile(r"""url\(\s*(['"]?)#[\w.:-]+\1\s*\)""", re.IGNORECASE)
_PLAIN_VALUE = re.compile(r"""[\w\s#%.,+\-/()'"]*""")
_QUOTES_PAIRED = re.compile(r"""(?:[^'"]|'[^'"]*'|"[^'"]*")*""")
_CALL = re.compile(r"([A-Za-z-]*)\s*\(")
_LOCAL_HREF = re.compile(r"#[\w.:-]+")
_EMBEDDED_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+")
_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_SELECTOR = re.compile(r"[\w\s.#,>+~*:-]+")


class LogoError(Exception):
    """The logo cannot be published: `what` is wrong, `fix` says what to do."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} ({fix})")
        self.what, self.fix = what, fix


def logo_kind(name: str) -> str:
    """SVG, PNG, JPEG or WebP, from the file name (the model allows no other)."""
    return KINDS[PurePosixPath(name).suffix.lower()]


def read_logo(folder: Path, name: str) -> bytes:
    """The bytes to publish for the logo `name` (a relative path) in `folder`: a PNG, JPEG
    or WebP as it is, an SVG rebuilt safe. Raises LogoError when the file is missing, a
    symbolic link (or inside one), not a plain file, too big, or not what its name says."""
    path = folder / name
    parts = PurePosixPath(name).parts
    for depth in range(1, len(parts) + 1):
        if (folder.joinpath(*parts[:depth])).is_symlink():
            raise LogoError(
                f"logo {path} is, or is inside, a symbolic link",
                "put the image file itself there",
            )
    data = _read_plain_file(path)
    kind = logo_kind(name)
    if kind == "SVG":
        return clean_svg(data, path)
    if not _MAGIC[kind].match(data):
        raise LogoError(
            f"logo {path} is not a {kind} image",
            f"save it as {kind} again, or name it after the type it is",
        )
    return data


def _read_plain_file(path: Path) -> bytes:
    # No following links (checked above, and again here for a link made since), and no
    # waiting on a named pipe.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise LogoError(
            f"logo file {path} not found", "put the image there or fix the name"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LogoError(
                f"logo {path} is a symbolic link", "put the image file itself there"
            ) from None
        raise LogoError(f"logo {path} cannot be read: {exc.strerror}", "check the file") from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise LogoError(f"logo {path} is not a file", "put the image file itself there")
        data = file.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(f"logo {path} is over {MAX_LOGO_BYTES // 1024} KiB", "use a smaller image")
    return data


def clean_svg(data: bytes, path: Path) -> bytes:
    """The SVG rebuilt from the allowlist; LogoError if it is not an SVG document."""
    try:
        root = _parse(data, path)
    except expat.ExpatError as exc:
        raise LogoError(
            f"logo {path} is not an SVG image: {expat.ErrorString(exc.code)} at line {exc.lineno}",
            "export it again as a plain SVG file",
        ) from None
    if root[0] != f"{SVG_NS} svg":
        raise LogoError(
            f'logo {path} is not an SVG image: it must start with <svg xmlns="{SVG_NS}">',
            "export it again as a plain SVG file",
        )
    out: list[str] = []
    _write(root, out)
    text = out[0].replace("<svg", f'<svg xmlns="{SVG_NS}"', 1) + "".join(out[1:])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


_Node = tuple[str, dict[str, str], list["_Node | str"]]


def _parse(data: bytes, path: Path) -> _Node:
    """The document as (namespaced tag, attributes, children) nodes."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    top: list[_Node] = [("", {}, [])]

    def refuse_doctype(*_args: object) -> None:
        # With no DOCTYPE there is no entity: no billion laughs, no external file.
        raise LogoError(
            f"logo {path} has a <!DOCTYPE ...> declaration, which an image never needs",
            "delete the declaration, or export the logo again as a plain SVG file",
        )

    def refuse_entity(*_args: object) -> None:
        raise LogoError(f"logo {path} declares an entity", "export it again as a plain SVG file")

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(top) > MAX_DEPTH:
            raise LogoError(
                f"logo {path} nests elements over {MAX_DEPTH} deep",
                "export it again as a plain SVG file",
            )
        node: _Node = (tag, attributes, [])
        top[-1][2].append(node)
        top.append(node)

    def end(_tag: str) -> None:
        top.pop()

    def text(content: str) -> None:
        top[-1][2].append(content)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    elements = [child for child in top[0][2] if not isinstance(child, str)]
    return elements[0]


def _write(node: _Node, out: list[str]) -> None:
    tag, attributes, children = node
    namespace, _, name = tag.rpartition(" ")
    if namespace != SVG_NS:
        return  # an editor's own data (Inkscape, Illustrator, RDF) or foreign content
    if name in UNWRAPPED:
        _write_children(children, out)
        return
    if name not in ELEMENTS:
        return
    if name == "style":
        sheet = clean_stylesheet("".join(c for c in children if isinstance(c, str)))
        if sheet:
            out.append(f"<style>{escape(sheet)}</style>")
        return
    kept = "".join(f' {key}="{_quoted(value)}"' for key, value in _attributes(name, attributes))
    out.append(f"<{name}{kept}")
    inner: list[str] = []
    _write_children(children, inner)
    out.append(f">{''.join(inner)}</{name}>" if inner else "/>")


def _quoted(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _write_children(children: list[_Node | str], out: list[str]) -> None:
    for child in children:
        if isinstance(child, str):
            out.append(escape(child))
        else:
            _write(child, out)


def _attributes(element: str, attributes: dict[str, str]) -> list[tuple[str, str]]:
    kept = []
    for key, value in attributes.items():
        namespace, _, name = key.rpartition(" ")
        if name == "href" and namespace in ("", XLINK_NS):
            if _LOCAL_HREF.fullmatch(value) or (
                element == "image" and _EMBEDDED_IMAGE.fullmatch(value)
            ):
                kept.append(("href", value))
        elif namespace == XML_NS and name == "space" and value in ("default", "preserve"):
            kept.append(("xml:space", value))
        elif namespace:
            continue
        elif name == "style":
            declarations = clean_declarations(value)
            if declarations:
                kept.append(("style", declarations))
        elif name in TEXT_ATTRIBUTES or (name in ATTRIBUTES and safe_value(value)):
            kept.append((name, value))
    return kept


def safe_value(value: str) -> bool:
    """A value that only computes: no reference outside the image, no script, no escape."""
    rest = _LOCAL_URL.sub("u", value)
    if not _PLAIN_VALUE.fullmatch(rest) or not _QUOTES_PAIRED.fullmatch(rest):
        return False
    return all(call[1].lower() in FUNCTIONS or not call[1] for call in _CALL.finditer(rest))


def clean_declarations(text: str) -> str:
    """Inline style: the declarations of allowed properties with safe values."""
    kept = []
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        value = re.sub(r"\s*!\s*important$", "", value, flags=re.IGNORECASE)
        if colon and name in ATTRIBUTES and value and safe_value(value):
            kept.append(f"{name}:{value}")
    return ";".join(kept)


def clean_stylesheet(text: str) -> str:
    """A <style> sheet: plain rules only (no @import, @font-face or other at-rule), each
    with a plain selector and clean declarations."""
    rules = []
    for selector, body in _RULE.findall(_COMMENT.sub("", text)):
        selector = " ".join(selector.split())
        declarations = clean_declarations(body)
        if _SELECTOR.fullmatch(selector) and declarations:
            rules.append(f"{selector}{{{declarations}}}")
    return "\n".join(rules)
