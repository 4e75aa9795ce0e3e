"""Privacy guards: Tverrkart must never hold a national identity number.

A Norwegian fødselsnummer (or D-number) is 11 digits: a date of birth (DDMMYY, with
40 added to the day for D-numbers), three individual digits and two check digits
computed with modulus 11. We look for that exact structure so that ordinary
numbers (8-digit phone numbers, 9-digit organisation numbers) are not refused.

Examples
--------
>>> contains_national_id("Telefon 478 92 261")
False
>>> contains_national_id("01010112345")  # wrong check digits
False
"""

from __future__ import annotations

import re
from datetime import date

_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)")
_WEIGHTS_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if remainder == 11:
        return 0
    return None if remainder == 10 else remainder


def _plausible_birth_date(day: int, month: int, year: int) -> bool:
    if day > 40:  # D-number
        day -= 40
    try:
        date(1900 + year, month, day)
    except ValueError:
        try:
            date(2000 + year, month, day)
        except ValueError:
            return False
    return True


def is_national_id(number: str) -> bool:
    """True when ``number`` (11 digits) is a valid fødselsnummer or D-number.

    Parameters
    ----------
    number : str
        Exactly eleven digits.
    """
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    if not _plausible_birth_date(digits[0] * 10 + digits[1], digits[2] * 10 + digits[3], 0):
        return False
    k1 = _check_digit(digits[:9], _WEIGHTS_K1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], _WEIGHTS_K2)
    return k2 is not None and k2 == digits[10]


def contains_national_id(text: str) -> bool:
    """True when ``text`` contains something that is a valid national identity number.

    Groups written as ``DDMMYY NNNNN`` (space, dot or dash between) count too.
    """
    return any(is_national_id(a + b) for a, b in _ELEVEN_DIGITS.findall(text))
