"""Text safe to print: the one escape every human-readable output applies to the data in it.

A name, an id or a label read from a case file or a ruleset may carry characters that act on
the terminal or the log reading them rather than show: ESC and the ANSI sequences it starts,
NUL, a carriage return that overwrites a line, a newline that forges one, the right-to-left
override that shows `exe.txt` for `txt.exe`, the invisible characters that make two ids look
alike. `printable` writes each of them as a visible escape, in Python's notation:

- `\\xHH` for a character below U+0100 (`\\x1b`, `\\x00`, `\\x0a` for a newline in a value,
  `\\x85`), `\\uHHHH` for one in the Basic Multilingual Plane (`\\u202e`), `\\UHHHHHHHH`
  above it (`\\U000e0041`); hex digits in lower case;
- a backslash is doubled, `\\\\`, exactly where it would otherwise read as the start of an
  escape: before another backslash, before `x`, `u` or `U`, and before an escaped character.
  Any other backslash, and every other character, is left as it is.

So text with nothing to escape — Vietnamese in NFC (`Nguyễn Thị Hường`, `Đội Hành chính
công`), dates, amounts, “quotes”, ✓ — comes out unchanged, and distinct texts stay distinct:
`unescape` reads the escapes back to the exact original.

Escaped: the characters of Unicode general categories Cc (C0 controls, DEL, C1 controls), Cf
(format: the bidirectional embeddings, overrides, isolates and marks, U+061C, zero-width space,
joiners, word joiner, U+FEFF, soft hyphen, tag characters…), Zl and Zp (U+2028, U+2029) and
Cs (a lone surrogate, which cannot even be encoded to UTF-8), and every Default_Ignorable_Code_Point
of Unicode (characters shown as nothing: the Hangul fillers, variation selectors, the combining
grapheme joiner). Look-alike letters (Cyrillic а for Latin a) are not escaped: they show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["printable", "printable_json", "printable_lines", "unescape"]

_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Default_Ignorable_Code_Point (DerivedCoreProperties.txt), whatever the general category:
# several of these are letters or marks that str.isprintable() lets through.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_JSON_SUSPECT = re.compile(r"[^\x20-\x7e]")
_ASCII_PLAIN = re.compile(r"[\x20-\x5b\x5d-\x7e]*")  # printable ASCII but the backslash
_STARTS_ESCAPE = frozenset("\\xuU")
_ESCAPES = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4}|U000[0-9a-f]{5}|U0010[0-9a-f]{4})")


def _escaped(ch: str) -> bool:
    return unicodedata.category(ch) in _CATEGORIES or _IGNORABLE.match(ch) is not None


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every control, format and invisible character written as a visible escape
    (`\\x1b`, `\\u202e`), and a backslash doubled where it would read as one; anything else
    unchanged. The one escape of every text output and message (see the module docstring)."""
    if _ASCII_PLAIN.fullmatch(text):
        return text
    if text.isprintable() and "\\" not in text and _IGNORABLE.search(text) is None:
        return text
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if _escaped(ch):
            out.append(_escape(ch))
        elif ch == "\\" and i < last and (text[i + 1] in _STARTS_ESCAPE or _escaped(text[i + 1])):
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def printable_lines(lines: Iterable[str]) -> str:
    """Lines as one text, each made `printable` and ended by a newline: the newlines between
    them are the text's own, a newline inside a line is data and shows as `\\x0a`."""
    return "".join(printable(line) + "\n" for line in lines)


def printable_json(text: str) -> str:
    """JSON text with each character `printable` would escape written as JSON's own `\\uXXXX`
    (a surrogate pair above U+FFFF): the same data for any JSON reader, safe to print. A raw
    tab, newline or carriage return in JSON text is whitespace between tokens (inside a string
    JSON has escaped it already), so it is left as it is."""

    def one(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in "\t\n\r" or not _escaped(ch):
            return ch
        code = ord(ch)
        if code < 0x10000:
            return f"\\u{code:04x}"
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return _JSON_SUSPECT.sub(one, text)


def unescape(text: str) -> str:
    """The text `printable` was given, from what it returned: its exact inverse."""

    def one(m: re.Match[str]) -> str:
        body = m.group(1)
        return "\\" if body == "\\" else chr(int(body[1:], 16))

    return _ESCAPES.sub(one, text)
