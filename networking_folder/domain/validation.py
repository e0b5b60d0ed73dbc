"""Checks on what the user typed. Each failure names the field, so the form can show it there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from networking_folder.domain.locale_defaults import default_country
from networking_folder.domain.model import Contact, Direction, FeeKind, Referral

MAX_NAME = 200
MAX_TEXT = 5_000_000  # characters: a pasted document, not a runaway paste
# Every date the user gives: wide enough for any birthday or plan, narrow enough that date
# arithmetic (a follow-up 14 days on, the week of a date) never leaves Python's calendar.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)
# A hundred billion in money (1e13 cents): more than any piece of business is worth, and far
# below the 2**63 that SQLite's integers can hold.
MAX_CENTS = 10**13
# Control characters (C0 but tab, line feed and carriage return; DEL; C1 but NEL): invisible
# debris of a bad paste, and NUL ends a string for SQLite's length() and trim().
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


class ValidationError(ValueError):
    """Bad input, with the field it belongs to (a form shows the message beside it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def default_region() -> str:
    """The phone region: the country of the system locale."""
    return default_country()


def split_list(text: str) -> list[str]:
    """Split what the user typed in a "several allowed" field: semicolons or new lines."""
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def check_email(address: str) -> str:
    """The address, normalised; raises ValidationError naming the address when it is not one."""
    # Imported here: it costs start-up time and is needed only when a form is saved.
    from email_validator import EmailNotValidError, validate_email

    try:
        # Syntax only: the program never touches the network.
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError("emails", f"“{address}” is not an email address: {exc}") from None
    return result.normalized


def check_phone(number: str, region: str | None = None) -> str:
    """The number as typed (tidied); raises ValidationError when it cannot be a phone number."""
    import phonenumbers  # imported here: it costs start-up time (see check_email)

    cleaned = " ".join(number.split())
    if re.search(r"[A-Za-z]", re.sub(r"(?i)\b(ext|x)\.?\s*\d+$", "", cleaned)):
        raise ValidationError("phones", f"“{number}” has letters in it: type the digits only.")
    try:
        parsed = phonenumbers.parse(cleaned, region or default_region())
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "phones", f"“{number}” is not a phone number: type it with its area code."
        ) from None
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError(
            "phones",
            f"“{number}” has the wrong number of digits for a phone number: check it, "
            "and give the area code (or +country code for a number abroad).",
        )
    return cleaned


PHONE_EXTENSION = re.compile(r"\s*(?:ext\.?|x|#)\s*\d+$", re.IGNORECASE)  # "ext. 12", "x12", "#12" at the end


class PhoneNumbers:
    """Phone numbers in one spelling (E.164), for matching and keeping imported ones; numbers
    written without a country code are read as ``region``'s."""

    def __init__(self, region: str) -> None:
        import phonenumbers

        self.lib = phonenumbers
        self.region = region

    def e164(self, number: str) -> str | None:
        """The number as E.164 (with its extension), or None when it is not a phone number."""
        pn = self.lib
        cleaned = " ".join(str(number).split())
        if not cleaned or len(cleaned) > 40:
            return None
        try:
            parsed = pn.parse(cleaned, self.region)
        except pn.NumberParseException:
            return None
        # A local number (seven digits in the US) is "possible" but has no E.164 spelling:
        # it would come out as "+15550143", which no one can dial.
        if pn.is_possible_number_with_reason(parsed) != pn.ValidationResult.IS_POSSIBLE:
            return None
        text = pn.format_number(parsed, pn.PhoneNumberFormat.E164)
        return f"{text} ext. {parsed.extension}" if parsed.extension else text

    def key(self, number: str) -> str:
        """What two spellings of one line have in common, for matching: the country code
        and the national number, without an extension. Looser than ``e164``: a local number
        ("555-0143") has a key, the same as "+15550143" has."""
        pn = self.lib
        cleaned = " ".join(str(number).split())
        if cleaned and len(cleaned) <= 40:
            try:
                parsed = pn.parse(cleaned, self.region)
            except pn.NumberParseException:
                parsed = None
            if parsed is not None and pn.is_possible_number(parsed):
                return f"+{parsed.country_code}{parsed.national_number}"
        return "".join(ch for ch in PHONE_EXTENSION.sub("", cleaned) if ch.isdigit())


def clean_text(field: str, text: str, label: str, *, one_line: bool = False) -> str:
    """``text`` without control characters; ``one_line`` also makes line breaks and runs of
    spaces one space and trims it. Raises ValidationError naming the field (``label``, e.g.
    "The name") when the text holds half of a surrogate pair, which no file can store."""
    if _SURROGATES.search(text):
        raise ValidationError(
            field,
            f"{label} has a broken character in it (half of an emoji or a symbol, as a bad "
            "copy and paste can leave): type that part again.",
        )
    text = _CONTROLS.sub("", text)
    return " ".join(text.split()) if one_line else text


def scrub_text(text: str) -> str:
    """``text`` made storable without a question: control characters dropped, broken
    characters replaced by "�" (for drafts, which keep whatever is typed)."""
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def check_date(field: str, value: dt.date | None, label: str) -> dt.date | None:
    """``value`` (a date or a date and time), unchanged; raises ValidationError when it is not
    between 1900 and 2199."""
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise ValidationError(field, f"{label} is not a date.")
    day = value.date() if isinstance(value, dt.datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValidationError(
            field, f"{label} is {day.isoformat()}: dates must be between 1900 and 2199."
        )
    return value


def check_cents(field: str, value: int | None, label: str) -> int | None:
    """An amount of money in cents: a whole number from 0 to MAX_CENTS (or None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):  # 1.5 would be stored as 1
        raise ValidationError(field, f"{label} must be a whole number of cents.")
    if value < 0:
        raise ValidationError(field, f"{label} cannot be negative.")
    if value > MAX_CENTS:
        raise ValidationError(field, f"{label} is at most {MAX_CENTS // 100:,}.00.")
    return value


def _check_rating(field: str, value: int | None, label: str) -> None:
    if value is not None and not 1 <= value <= 5:
        raise ValidationError(field, f"{label} is from 1 to 5.")


def clean_contact(
    contact: Contact, region: str | None = None, stored_phones: Iterable[str] = ()
) -> Contact:
    """Check and tidy a contact before it is saved; raises ValidationError on the first problem.
    ``stored_phones``, the contact's numbers already in the folder, pass as they are: one an
    import kept as written (a local number) is the user's to fix when they choose, and does
    not stop every other change to the contact."""
    contact.name = clean_text("name", contact.name, "The name", one_line=True)
    if not contact.name:
        raise ValidationError("name", "A contact needs a name.")
    if len(contact.name) > MAX_NAME:
        raise ValidationError("name", f"A name is at most {MAX_NAME} characters.")
    for name, label in (
        ("company", "The company"),
        ("profession", "The profession"),
        ("website", "The website"),
        ("linkedin", "The LinkedIn address"),
    ):
        setattr(contact, name, clean_text(name, getattr(contact, name), label, one_line=True))
    emails = [clean_text("emails", e, "An email address", one_line=True) for e in contact.emails]
    contact.emails = [check_email(e) for e in emails if e]
    phones = [clean_text("phones", p, "A phone number", one_line=True) for p in contact.phones]
    stored = set(stored_phones)
    contact.phones = [p if p in stored else check_phone(p, region) for p in phones if p]
    _check_rating("rapport", contact.rapport, "Rapport")
    if contact.cadence_days is not None and not 1 <= contact.cadence_days <= 3650:
        raise ValidationError("cadence_days", "Keep in touch every 1 to 3650 days.")
    check_date("met_on", contact.met_on, "The day you met")
    contact.ask = clean_text("ask", contact.ask, "Their ask", one_line=True)
    check_date("ask_set_on", contact.ask_set_on, "The day they asked")
    tags = [clean_text("tags", t, "A tag", one_line=True) for t in contact.tags]
    contact.tags = [t for t in tags if t]
    for name in ("notes", "ideal_referral", "how_met", "address"):
        if len(getattr(contact, name)) > MAX_TEXT:
            raise ValidationError(name, "That text is too long (over five million characters).")
        setattr(contact, name, clean_text(name, getattr(contact, name), "That text"))
    return contact


def clean_referral(referral: Referral) -> Referral:
    if not referral.partner_id:
        raise ValidationError("partner", "Choose the partner.")
    if not referral.prospect_id:
        raise ValidationError("prospect", "Choose the prospect.")
    if referral.partner_id == referral.prospect_id:
        raise ValidationError("prospect", "The prospect and the partner must be different people.")
    _check_rating("warmth", referral.warmth, "Warmth")
    if referral.date is None:
        raise ValidationError("date", "A referral needs a date.")
    check_date("date", referral.date, "The date")
    check_date("fee_disclosed_on", referral.fee_disclosed_on, "The day it was disclosed")
    if referral.fee_disclosed_on and referral.fee_disclosed_on > dt.date.today():
        raise ValidationError(
            "fee_disclosed_on", "A disclosure is recorded once given: its day cannot be later than today."
        )
    if referral.direction is Direction.RECEIVED and (
        referral.fee_kind is not FeeKind.NONE or referral.fee_description.strip()
    ):
        raise ValidationError(
            "fee_kind",
            "What you give the person who referred them is kept in the promoter register "
            "(on their page), not on the referral.",
        )
    check_cents("value", referral.value_cents, "The value of closed business")
    referral.need = clean_text("need", referral.need, "The need").strip()
    referral.learned = clean_text("learned", referral.learned, "That text")
    for name, label in (
        ("best_time_to_call", "The best time to call"),
        ("budget", "The budget"),
        ("urgency", "The urgency"),
        ("also_given_to", "“Also given to”"),
        ("fee_description", "The fee or gift"),
        ("disclosed_how", "How it was disclosed"),
    ):
        setattr(referral, name, clean_text(name, getattr(referral, name), label, one_line=True))
    return referral


_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")


def parse_amount(field: str, text: str, label: str) -> int | None:
    """An amount as typed ("50", "$1,250.50", "1250.5 USD") in cents; empty: None."""
    cleaned = text.strip()
    for mark in ("$", "€", "£", "USD", "usd"):
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.strip()
    if not cleaned:
        return None
    found = _AMOUNT.fullmatch(cleaned)
    if found is None:
        raise ValidationError(field, f"{label}: write an amount such as 50 or 1,250.50.")
    cents = int(found.group(1).replace(",", "")) * 100 + int((found.group(2) or "0").ljust(2, "0"))
    return check_cents(field, cents, label)
