"""Phone numbers through `phonenumbers`: validation, E.164 normalisation, display, toll-free detection."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


def normalise_phone(value: str) -> str:
    """E.164 form of an international number; raises phonenumbers.NumberParseException or ValueError."""
    number = phonenumbers.parse(value, None)
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=65536)  # pure: the same E.164 number is shown on the page, card, break-glass and vCard
def display_phone(e164: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@lru_cache(maxsize=65536)
def is_toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164, None)) == phonenumbers.PhoneNumberType.TOLL_FREE
