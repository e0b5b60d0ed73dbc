"""Reading vCards (2.1, 3.0 and 4.0) as real programs write them.

vobject parses a card well once it is a proper card, but it fails on what real exports do:
vCard 2.1 quoted-printable values with soft line breaks (Outlook, Android), values in a
charset named per property (windows-1252, Shift_JIS), UTF-16 files, base64 photos whose lines
are not folded, comment lines. So a pre-pass of our own reads the bytes into proper lines
first: it unfolds, joins soft breaks, decodes each value in its own charset, leaves binary
values (photos, logos, sounds, keys) out, and writes 2.1's bare parameters (``TEL;CELL``) as
``TYPE=CELL``. Each card then goes to vobject alone, so a card that still cannot be read is
reported with its number and reason, and the rest of the file is read.
"""

from __future__ import annotations

import codecs
import quopri
import re

from networking_folder.interop.cards import VCARD, Card, ReadFile, Unreadable, is_linkedin

_EOL = re.compile(rb"\r\n|\r|\n")
_BINARY = {b"PHOTO", b"LOGO", b"SOUND", b"KEY", b"X-MS-CARDPICTURE"}
_NAME = re.compile(rb"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)?$")
# Values that are lists or have parts: their commas and semicolons separate.
_LISTS = {b"N", b"ADR", b"CATEGORIES", b"NICKNAME", b"GEO", b"GENDER", b"CLIENTPIDMAP"}
_BARE_COMMA = re.compile(r"(?<!\\),")
MAX_WARNINGS = 20  # per card: a broken card does not flood the preview


def read_vcards(data: bytes) -> ReadFile:
    """Every card in ``data`` (a whole .vcf file's bytes); never raises on bad content."""
    result = ReadFile(VCARD)
    number = 0
    for number, lines, problem in _cards(_logical_lines(_as_lines(data))):
        if problem:
            result.unreadable.append(Unreadable(number, problem))
            continue
        try:
            card = _read_card(number, lines)
        except Exception as exc:  # any failure of one card is that card's, not the file's
            result.unreadable.append(Unreadable(number, _reason(exc)))
            continue
        if card is not None:
            result.cards.append(card)
        else:
            result.unreadable.append(Unreadable(number, "it has no name, email or phone."))
    if number == 0:
        result.unreadable.append(Unreadable(0, "there is no vCard in this file (no BEGIN:VCARD)."))
    return result


def looks_like_vcard(data: bytes) -> bool:
    head = _as_text_start(data)
    return "BEGIN:VCARD" in head.upper()


# -- bytes to lines ---------------------------------------------------------------------------
def _as_text_start(data: bytes) -> str:
    sample = _utf8(data[:4096])
    return sample.decode("utf-8", "replace")


def _utf8(data: bytes) -> bytes:
    """The file as UTF-8-compatible bytes: UTF-16 and UTF-32 (with or without their mark)
    decoded; every other charset stays as it is, decoded later line by line."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, "replace").encode("utf-8")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
        return data.decode("utf-16-le", "replace").encode("utf-8")  # (no mark)
    if len(data) >= 4 and data[0:4:2] == b"\x00\x00" and data[1:4:2] != b"\x00\x00":
        return data.decode("utf-16-be", "replace").encode("utf-8")
    return data


def _as_lines(data: bytes) -> list[bytes]:
    return [line.removeprefix(codecs.BOM_UTF8) for line in _EOL.split(_utf8(data))]


def _head(line: bytes) -> bytes:
    """A content line's name and parameters (before its value's colon, quotes respected)."""
    quoted = False
    for i, byte in enumerate(line):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            return line[:i]
    return b""


def _logical_lines(raw_lines: list[bytes]) -> list[bytes]:
    """Folded lines unfolded, quoted-printable soft breaks joined, binary bodies and comments
    left out."""
    out: list[bytearray] = []
    quoted_printable = binary = False
    for raw in raw_lines:
        if out and quoted_printable and out[-1].endswith(b"="):
            # A soft line break: the value goes on in the next line, whatever it starts with.
            del out[-1][-1:]
            out[-1] += raw
            continue
        if raw[:1] in (b" ", b"\t"):
            if binary or not out:
                continue  # (a photo's folded base64: left out)
            out[-1] += raw[1:]
            continue
        if not raw.strip():
            binary = False  # (vCard 2.1 ends a base64 value with a blank line)
            continue
        head = _head(raw)
        if binary and not head:
            continue  # a photo's base64 line written without folding
        if raw.startswith(b"#"):
            continue
        if not head and out and not raw.upper().startswith((b"BEGIN", b"END")):
            # A line with no name: a value broken without folding. Keep it, as a new line.
            out[-1] += b"\\n" + raw
            continue
        upper = head.upper()
        name = upper.split(b";", 1)[0].rsplit(b".", 1)[-1]
        binary = name in _BINARY or b"BASE64" in upper or bool(re.search(rb"ENCODING=B\b", upper))
        quoted_printable = b"QUOTED-PRINTABLE" in upper
        out.append(bytearray(raw))
    return [bytes(line) for line in out]


def _cards(lines: list[bytes]):
    """(number, the card's lines, a problem or None) for each BEGIN:VCARD ... END:VCARD."""
    number = 0
    card: list[bytes] | None = None
    depth = 0
    for line in lines:
        upper = line.strip().upper()
        if upper == b"BEGIN:VCARD":
            if card is not None and depth == 1:
                # A card that never ended: read what it had, the next one begins here.
                yield number, card, None
                card = None
            if card is None:
                number += 1
                card, depth = [], 1
            else:
                depth += 1  # (a card inside a card, as AGENT may hold: skipped)
            continue
        if upper == b"END:VCARD":
            if card is not None:
                depth -= 1
                if depth == 0:
                    yield number, card, None
                    card = None
            continue
        if card is not None and depth == 1:
            card.append(line)
    if card is not None:
        yield number, card, None


# -- one card ---------------------------------------------------------------------------------
def _read_card(number: int, lines: list[bytes]) -> Card | None:
    import vobject

    warnings: list[str] = []
    proper = []
    for line in lines:
        try:
            text = _proper_line(line)
        except ValueError as exc:
            if len(warnings) < MAX_WARNINGS:
                warnings.append(str(exc))
            continue
        if text is None:
            continue
        try:
            vobject.base.parseLine(text)
        except Exception:
            if len(warnings) < MAX_WARNINGS:
                warnings.append(f"a line could not be read and was left out: {_short(text)}")
            continue
        proper.append(text)
    component = vobject.readOne("BEGIN:VCARD\r\n" + "\r\n".join(proper) + "\r\nEND:VCARD\r\n")
    card = _card_of(number, component)
    if card is None:
        return None
    card.warnings[:0] = warnings
    return card


def _split_params(head: bytes) -> list[bytes]:
    parts, current, quoted = [], bytearray(), False
    for byte in head:
        if byte == 0x22:
            quoted = not quoted
        if byte == 0x3B and not quoted:  # ;
            parts.append(bytes(current))
            current = bytearray()
        else:
            current.append(byte)
    parts.append(bytes(current))
    return parts


def _proper_line(line: bytes) -> str | None:
    """One content line as vobject reads it: its value decoded (quoted-printable, charset) and
    escaped as vCard 3.0 text; None for a line left out on purpose (binary values, VERSION)."""
    head = _head(line)
    if not head:
        raise ValueError(f"a line without a name was left out: {_short(line)}")
    value = line[len(head) + 1 :]
    name, *params = _split_params(head)
    if not _NAME.match(name):
        raise ValueError(f"a line with a broken name was left out: {_short(line)}")
    base = name.rsplit(b".", 1)[-1].upper()
    if base in _BINARY or base == b"VERSION":
        return None
    charset, quoted_printable, kept = None, False, []
    for param in params:
        key, eq, val = param.partition(b"=")
        key_upper = key.strip().upper()
        if not eq:
            if key_upper == b"QUOTED-PRINTABLE":
                quoted_printable = True
            elif key_upper in (b"BASE64", b"B"):
                return None
            elif key_upper and re.fullmatch(rb"[A-Za-z0-9-]+", key_upper):
                kept.append(b"TYPE=" + key_upper)  # vCard 2.1's bare type: TEL;CELL
            continue
        if key_upper == b"CHARSET":
            charset = val.strip(b'"').decode("ascii", "replace")
        elif key_upper == b"ENCODING":
            encoding = val.strip(b'"').upper()
            if encoding == b"QUOTED-PRINTABLE":
                quoted_printable = True
            elif encoding in (b"BASE64", b"B"):
                return None
            # (7BIT, 8BIT: nothing to do)
        else:
            kept.append(key.strip() + b"=" + val)
    if quoted_printable:
        value = quopri.decodestring(value)
    text = _decode(value, charset)
    if quoted_printable:
        # The decoded value is plain text: written out as 3.0 text, its line breaks escaped.
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    text = text.replace("\x00", "")
    if base not in _LISTS:
        # One text value: vobject keeps only what comes before a bare comma, and many
        # exports (every 2.1 one) leave commas in notes and names bare.
        text = _BARE_COMMA.sub(r"\\,", text)
    head_text = b";".join([name, *kept]).decode("ascii", "replace")
    return f"{head_text}:{text}"


def _decode(value: bytes, charset: str | None) -> str:
    if charset:
        try:
            return value.decode(codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("windows-1252", "replace")  # the usual charset of old exports


def _short(line) -> str:
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    return repr(text[:60] + ("…" if len(text) > 60 else ""))


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:160] or type(exc).__name__
    return f"it could not be read ({text})."


# -- the card's fields --------------------------------------------------------------------------
def _values(component, name: str) -> list:
    return [line.value for line in component.contents.get(name, [])]


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value if _text(v))
    return " ".join(str(value or "").split())


def _multiline(value) -> str:
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return "\n".join(line.rstrip() for line in str(value or "").strip().splitlines())


def _card_of(number: int, component) -> Card | None:
    card = Card(number, source=VCARD)
    names = [_text(v) for v in _values(component, "fn")]
    card.name = next((n for n in names if n), "")
    if not card.name:
        for n in _values(component, "n"):
            parts = [getattr(n, k, "") for k in ("prefix", "given", "additional", "family", "suffix")]
            card.name = _text([_text(p) for p in parts])
            if card.name:
                break
    for org in _values(component, "org"):
        parts = [_text(p) for p in (org if isinstance(org, (list, tuple)) else [org])]
        card.company = next((p for p in parts if p), "")
        if card.company:
            break
    card.profession = next(
        (t for t in (_text(v) for v in _values(component, "title") + _values(component, "role")) if t),
        "",
    )
    for value in _values(component, "tel"):
        phone = _text(value)
        phone = phone[4:] if phone.lower().startswith("tel:") else phone
        if phone and phone not in card.phones:
            card.phones.append(phone)
    for value in _values(component, "email"):
        email = _text(value)
        email = email[7:] if email.lower().startswith("mailto:") else email
        if email and email.lower() not in (e.lower() for e in card.emails):
            card.emails.append(email)
    for value in _values(component, "adr"):
        card.address = _address(value)
        if card.address:
            break
    if not card.address:
        card.address = next((a for a in map(_multiline, _values(component, "label")) if a), "")
    # (Apple writes a URL's colon escaped: "https\://".)
    urls = []
    for line in component.contents.get("url", []):
        url = _text(line.value).replace("\\:", ":")
        kind = ",".join(line.params.get("TYPE", [])).lower()
        if "linkedin" in kind and not is_linkedin(url):
            card.linkedin = card.linkedin or url  # (our own export marks it so)
            continue
        urls.append(url)
    for line in component.contents.get("x-socialprofile", []):
        url = _text(line.value).replace("\\:", ":")
        kind = ",".join(line.params.get("TYPE", [])).lower()
        if is_linkedin(url) or "linkedin" in kind:
            urls.append(url)
    for url in urls:
        if is_linkedin(url):
            card.linkedin = card.linkedin or url
        elif url:
            card.website = card.website or url
    notes = [_multiline(v) for v in _values(component, "note")]
    card.notes = "\n\n".join(n for n in notes if n)
    for value in _values(component, "categories"):
        for tag in value if isinstance(value, (list, tuple)) else str(value).split(","):
            tag = _text(tag)
            if tag and tag not in card.tags:
                card.tags.append(tag)
    uids = [_text(v) for v in _values(component, "uid")]
    card.key = next((u for u in uids if u), "")
    if not card.name:
        card.name = card.company or (card.emails[0] if card.emails else "") or (
            card.phones[0] if card.phones else ""
        )
    if not card.name:
        return None
    card.fill_key()
    return card


def _address(value) -> str:
    if isinstance(value, str):
        return _multiline(value)
    street = [_multiline(getattr(value, k, "")) for k in ("box", "extended", "street")]
    town = [_text(getattr(value, k, "")) for k in ("city", "region", "code")]
    lines = ["\n".join(p for p in street if p), " ".join(p for p in town if p),
             _text(getattr(value, "country", ""))]  # fmt: skip
    return "\n".join(line for line in lines if line)
