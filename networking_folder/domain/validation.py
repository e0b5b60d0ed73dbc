"""Checks on what the user typed. Each failure names the field, so the form can show it there."""

from __future__ import annotations

import re

from networking_folder.domain.locale_defaults import default_country
from networking_folder.domain.model import Contact, Referral

MAX_NAME = 200
MAX_TEXT = 5_000_000  # characters: a pasted document, not a runaway paste


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


def _check_rating(field: str, value: int | None, label: str) -> None:
    if value is not None and not 1 <= value <= 5:
        raise ValidationError(field, f"{label} is from 1 to 5.")


def clean_contact(contact: Contact, region: str | None = None) -> Contact:
    """Check and tidy a contact before it is saved; raises ValidationError on the first problem."""
    contact.name = " ".join(contact.name.split())
    if not contact.name:
        raise ValidationError("name", "A contact needs a name.")
    if len(contact.name) > MAX_NAME:
        raise ValidationError("name", f"A name is at most {MAX_NAME} characters.")
    contact.emails = [check_email(e) for e in contact.emails if e.strip()]
    contact.phones = [check_phone(p, region) for p in contact.phones if p.strip()]
    _check_rating("rapport", contact.rapport, "Rapport")
    if contact.cadence_days is not None and not 1 <= contact.cadence_days <= 3650:
        raise ValidationError("cadence_days", "Keep in touch every 1 to 3650 days.")
    contact.tags = [t.strip() for t in contact.tags if t.strip()]
    for name in ("notes", "ideal_referral", "how_met", "address"):
        if len(getattr(contact, name)) > MAX_TEXT:
            raise ValidationError(name, "That text is too long (over five million characters).")
    return contact


def clean_referral(referral: Referral) -> Referral:
    if not referral.partner_id:
        raise ValidationError("partner", "Choose the partner.")
    if not referral.prospect_id:
        raise ValidationError("prospect", "Choose the prospect.")
    if referral.partner_id == referral.prospect_id:
        raise ValidationError("prospect", "The prospect and the partner must be different people.")
    _check_rating("warmth", referral.warmth, "Warmth")
    if referral.value_cents is not None and referral.value_cents < 0:
        raise ValidationError("value", "The value of closed business cannot be negative.")
    referral.need = referral.need.strip()
    return referral
