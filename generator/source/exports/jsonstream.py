"""JSON read a piece at a time: a posts file's big array is decoded one element after the
other from text decoded a chunk at a time, so neither the whole document tree nor the whole
file is ever held, and memory stays near that of the posts read."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .base import ExportError

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# raw_decode without its Python frame: the value at an index, and where it ends.
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_AFTER_VALUE = frozenset(",]}: \t\n\r")
_CUT_SHORT = "the download may have been cut short: download the export again"


class JsonStream:
    """A cursor over JSON text arriving as UTF-8 chunks (BOM allowed); the first `skip`
    bytes (a JavaScript `name =`) are passed over."""

    def __init__(self, chunks: Iterable[bytes], member: str, skip: int = 0) -> None:
        self._chunks = iter(chunks)
        self._member = member
        self._skip = skip
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self._text = ""
        self._pos = 0
        self._lines_before = 0  # line breaks in the text already dropped
        self._ended = False

    def _more(self) -> bool:
        """Decode the next chunk onto the text; False at the end of the data."""
        if self._ended:
            return False
        piece = next(self._chunks, None)
        if piece is not None and self._skip:
            piece, self._skip = piece[self._skip :], max(0, self._skip - len(piece))
        self._ended = piece is None
        try:
            text = self._decoder.decode(piece or b"", self._ended)
        except UnicodeDecodeError:
            raise self.error("is not UTF-8 text", _CUT_SHORT) from None
        # Drop what has been read, so the text held stays about one chunk long.
        self._lines_before += self._text.count("\n", 0, self._pos)
        self._text = self._text[self._pos :] + text
        self._pos = 0
        return True

    def error(self, message: str, hint: str = _CUT_SHORT) -> ExportError:
        """An ExportError at the cursor, naming its line."""
        line = self._lines_before + self._text.count("\n", 0, self._pos) + 1
        return ExportError(f"line {line}: {message}", hint, member=self._member)

    def peek(self) -> str:
        """The next character that is not white space, '' at the end."""
        while True:
            self._pos = _SPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._more():
                return ""

    def expect(self, chars: str) -> str:
        """Consume one of `chars` (after white space) and return it."""
        char = self.peek()
        if not char:
            raise self.error("the JSON ends before it is complete")
        if char not in chars:
            wanted = " or ".join(f"'{c}'" for c in chars)
            raise self.error(f"the JSON has '{char}' where {wanted} belongs", _CUT_SHORT)
        self._pos += 1
        return char

    def value(self) -> Any:
        """Decode the next whole JSON value."""
        if not self.peek():
            raise self.error("the JSON ends before it is complete")
        while True:
            try:
                found, end = _DECODER.raw_decode(self._text, self._pos)
            except json.JSONDecodeError as error:
                if self._more():  # the value may only be cut by the chunk's end
                    continue
                self._pos = min(error.pos, len(self._text))
                reason = error.msg[0].lower() + error.msg[1:]
                ends = error.pos >= len(self._text) - 1
                raise self.error(
                    "the JSON ends before it is complete" if ends else f"broken JSON ({reason})"
                ) from None
            # A number cut by the chunk's end ('12.' of '12.5') reads as a shorter number:
            # a bare value must be followed by a delimiter before it is trusted.
            if (
                not isinstance(found, dict | list | str)
                and (end == len(self._text) or self._text[end] not in _AFTER_VALUE)
                and self._more()
            ):
                continue
            self._pos = end
            return found

    def items(self) -> Iterator[Any]:
        """The elements of the array at the cursor, one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            yield from self._following()
            if self.expect(",]") == "]":
                return

    def _following(self) -> Iterator[Any]:
        """The elements after a comma that lie whole in the text held: the common case,
        decoded with no more than a match and the decoder's own scan. It stops, the cursor
        after the last element given, at anything else (the array's end, a chunk's end, a
        bare number, broken JSON), which `items` reads the careful way."""
        while True:
            comma = _COMMA.match(self._text, self._pos)
            if comma is None or comma.end() == len(self._text):
                return
            try:
                found, end = _SCAN(self._text, comma.end())
            except (StopIteration, ValueError):
                return
            if not isinstance(found, dict | list | str):
                return  # a bare value may be cut by the chunk's end: see value()
            self._pos = end
            yield found

    def members(self) -> Iterator[str]:
        """The keys of the object at the cursor; after each key the cursor is on its value,
        which the caller must read (`value()` or `items()`). Repeated keys are all given."""
        self.expect("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise self.error("broken JSON (an object key is not a string)")
            self.expect(":")
            yield key
            if self.expect(",}") == "}":
                return

    def end(self) -> None:
        """Check nothing but white space (or a JavaScript ';') follows."""
        char = self.peek()
        if char == ";":
            self._pos += 1
            char = self.peek()
        if char:
            raise self.error(f"unexpected '{char}' after the JSON", "give the file unchanged")


def after_assignment(head: bytes, prefix: re.Pattern[bytes]) -> int | None:
    """Where the JSON starts in a JavaScript file `name = [...]`, when its head matches."""
    found = prefix.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if found is None:
        return None
    return len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n")) + found.end()


def whole(data: bytes, member: str, skip: int = 0) -> Any:
    """A small JSON (or JavaScript-assigned) document in one piece."""
    stream = JsonStream((data,), member, skip)
    found = stream.value()
    stream.end()
    return found
