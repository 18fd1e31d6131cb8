"""JSON read a piece at a time: a posts file's big array is decoded one element after the
other from text decoded a chunk at a time, so the whole document tree is never built and
memory stays near the size of the file's bytes."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any

from .base import ExportError

_CHUNK = 1 << 20  # characters decoded at a time: big enough that a post rarely straddles two
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_CUT_SHORT = "the download may have been cut short: download the export again"


class JsonStream:
    """A cursor over JSON text in `data` (UTF-8, BOM allowed) starting at byte `start`."""

    def __init__(self, data: bytes, member: str, start: int = 0) -> None:
        self._data = data
        self._member = member
        self._next_byte = start  # the first byte not yet decoded
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self._text = ""
        self._pos = 0
        self._text_byte = start  # the byte where self._text begins (for line numbers)

    def _more(self) -> bool:
        """Decode the next chunk onto the text; False at the end of the data."""
        if self._next_byte >= len(self._data):
            return False
        end = min(self._next_byte + _CHUNK, len(self._data))
        try:
            piece = self._decoder.decode(self._data[self._next_byte : end], end == len(self._data))
        except UnicodeDecodeError:
            raise self.error("is not UTF-8 text", _CUT_SHORT) from None
        # Drop what has been read, so the text held stays about one chunk long.
        self._text_byte += len(self._text[: self._pos].encode("utf-8"))
        self._text = self._text[self._pos :] + piece
        self._pos = 0
        self._next_byte = end
        return True

    def error(self, message: str, hint: str = _CUT_SHORT) -> ExportError:
        """An ExportError at the cursor, naming its line."""
        offset = self._text_byte + len(self._text[: self._pos].encode("utf-8"))
        line = self._data.count(b"\n", 0, offset) + 1
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
            # A number at the very end of the text may go on in the next chunk.
            if end == len(self._text) and not isinstance(found, dict | list) and self._more():
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
            if self.expect(",]") == "]":
                return

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


def whole(data: bytes, member: str, start: int = 0) -> Any:
    """A small JSON (or JavaScript-assigned) document in one piece."""
    stream = JsonStream(data, member, start)
    found = stream.value()
    stream.end()
    return found
