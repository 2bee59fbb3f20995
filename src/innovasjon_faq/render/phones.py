"""Phone numbers for reading: grouped the national way."""

from __future__ import annotations

from functools import lru_cache

HOME_REGION = "NO"


@lru_cache(maxsize=256)
def display(e164: str) -> str:
    """`+4793457137` → `93 45 71 37`; a foreign number keeps its country code
    (`+45 78 41 08 43`). A number phonenumbers cannot parse is shown as it is."""
    import phonenumbers  # imported here: only contact cards need it

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == HOME_REGION:
        fmt = phonenumbers.PhoneNumberFormat.NATIONAL
    else:
        fmt = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return str(phonenumbers.format_number(number, fmt))
