"""Privacy guards: Tverrkart must never hold a national identity number.

A Norwegian fødselsnummer is 11 digits: a date of birth (DDMMYY), three individual
digits and two check digits computed with modulus 11. The same structure is used by

- D-numbers (people who are not resident): 40 is added to the day (``550385…``);
- H-numbers (help numbers in the health service): 40 is added to the month
  (``154385…``).

We look for that exact structure, check digits included, so that ordinary numbers
(8-digit phone numbers, 9-digit organisation numbers, dates) are never refused.

What counts as "written down"
-----------------------------
People write these numbers in many ways, so the text is normalised first
(:func:`digit_groups`):

- Unicode NFKC (full-width digits become ``0``–``9``; NBSP, thin and narrow spaces
  become ordinary spaces), digits of other scripts become ``0``–``9``, and invisible
  format characters (zero-width space and joiners, soft hyphen, BOM, direction marks)
  are removed;
- runs of digits separated only by separators — any whitespace, ``.``, ``/``, ``\\``,
  ``_``, hyphens and dashes, the minus sign, ``·`` — form a *chain* of digit groups;
- every run of consecutive groups in a chain that holds exactly 11 digits is a
  candidate (``15.03.85 10190``, ``150 385 101 90``, ``150385/10190`` …), and so is
  a run of 13 digits whose digits 5–6 are a century (``15.03.1985 10190``: the date
  written with a four-digit year);
- a candidate never starts or ends inside a group: ``12150385101903`` is one
  14-digit number, not an identity number with digits around it.

Check digits from 2032
----------------------
From 1 January 2032 Skatteetaten issues numbers whose *first* check digit is
relaxed: the weighted sum of the first ten digits modulo 11 may be 0, 1, 2 or 3
(before: only 0); the second check digit is computed as before, and a check digit of
10 is still impossible. Source: Skatteetaten, «Nytt fødselsnummer fra 2032»
(folkeregisteret-api-dokumentasjon, ``nyttfnr2032.md``). The new numbers may be given
to people born at any date, so the guard accepts both rules for every date: it errs
on the side of refusing. The price is that roughly four in 121 random 11-digit
strings with a date-like start are taken for an identity number instead of one in
121 (a Norwegian bank account number, 11 digits whose last digit is checked with
the same weights as the second check digit, is refused more often than that when
its first six digits look like a date).

Not covered: FH-numbers (health-service numbers that hold no date, first digit 8 or
9) and numbers split across several fields.

Examples
--------
>>> contains_national_id("Telefon 478 92 261")
False
>>> contains_national_id("01010112345")  # wrong check digits
False
>>> contains_national_id("Født 15.03.85 10190, bor hos mor")
True
>>> contains_national_id("150 385 101 90"), contains_national_id("150385\\u200b10190")
(True, True)
>>> is_national_id("30108299939")  # a number valid only under the 2032 rule
True
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import cache
from itertools import accumulate

_WEIGHTS_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_WEIGHTS_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
K1_REMAINDERS_FROM_2032 = frozenset({0, 1, 2, 3})
"""Remainders of the first check sum that are valid for numbers issued from 2032."""

_SEPARATORS = r"\s./\\_\-\u2010-\u2015\u2212\u00b7"
_CHAIN = re.compile(rf"[0-9]+(?:[{_SEPARATORS}]+[0-9]+)*")
_SEPARATOR_RUN = re.compile(rf"[{_SEPARATORS}]+")
_ID_LENGTH = 11
_WITH_CENTURY = 13
_CENTURIES = ("18", "19", "20")
_DAYS = frozenset(f"{d:02d}" for d in (*range(1, 32), *range(41, 72)))
_MONTHS = frozenset(f"{m:02d}" for m in (*range(1, 13), *range(41, 53)))
"""Quick first filter (a set lookup) before the exact date and check-digit tests."""


def _plausible_birth_date(day: int, month: int) -> bool:
    """A day and month of a fødselsnummer, D-number (day + 40) or H-number (month + 40)."""
    if day > 40:  # D-number
        day -= 40
    if month > 40:  # H-number
        month -= 40
    # A leap year, so that 29 February counts: the year is not checked.
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def is_national_id(number: str) -> bool:
    """True when ``number`` (exactly 11 ASCII digits) is a valid identity number.

    A fødselsnummer, D-number or H-number, with the check digits of today's rule or
    of the rule for numbers issued from 2032 (see the module documentation).

    Parameters
    ----------
    number : str
        The candidate; anything other than exactly eleven ASCII digits is not one.

    Examples
    --------
    >>> is_national_id("15038510190"), is_national_id("15038510191")
    (True, False)
    >>> is_national_id("15 038510190")
    False
    """
    if len(number) != _ID_LENGTH or number[:2] not in _DAYS or number[2:4] not in _MONTHS:
        return False
    if not (number.isascii() and number.isdigit()):
        return False
    digits = [int(c) for c in number]
    if not _plausible_birth_date(digits[0] * 10 + digits[1], digits[2] * 10 + digits[3]):
        return False
    if sum(d * w for d, w in zip(digits, _WEIGHTS_K1, strict=False)) % 11 not in (
        K1_REMAINDERS_FROM_2032
    ):
        return False
    return sum(d * w for d, w in zip(digits, _WEIGHTS_K2, strict=True)) % 11 == 0


def normalise_digits(text: str) -> str:
    """The text as the guard reads it: NFKC, ASCII digits, no invisible characters.

    Examples
    --------
    >>> normalise_digits("１５\u00a003\u200b85")
    '15 0385'
    >>> normalise_digits("\u0661\u0665")  # Arabic-Indic digits
    '15'
    """
    if text.isascii():
        return text
    text = _format_characters().sub("", unicodedata.normalize("NFKC", text))
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
"""A decimal digit of another script (``\\d`` matches every Unicode decimal digit)."""


@cache
def _format_characters() -> re.Pattern[str]:
    """Every invisible format character (category Cf), found once on first use (~0.2 s)."""
    found = (chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]")


def digit_groups(text: str) -> Iterator[list[str]]:
    """Each chain of digit groups joined only by separators, as a list of groups.

    Examples
    --------
    >>> list(digit_groups("tlf 478 92 261, født 15.03.85"))
    [['478', '92', '261'], ['15', '03', '85']]
    """
    for chain in _CHAIN.finditer(normalise_digits(text)):
        yield _SEPARATOR_RUN.split(chain.group())


def _candidates(groups: list[str]) -> set[str]:
    """Runs of whole, consecutive groups with 11 digits (or 13 with a century), as 11 digits.

    Linear in the number of groups, with no Python loop per window: a text of
    millions of one-digit groups (``1 1 1 …``) costs about a second, not minutes.

    Examples
    --------
    >>> sorted(_candidates(["15", "03", "1985", "10190"]))
    ['03198510190', '15038510190']
    """
    digits = "".join(groups)
    if len(digits) < _ID_LENGTH:
        return set()
    offsets = list(accumulate(map(len, groups), initial=0))
    ends = set(offsets[1:])
    starts = offsets[:-1]
    found = {digits[s : s + _ID_LENGTH] for s in starts if s + _ID_LENGTH in ends}
    found.update(
        digits[s : s + 4] + digits[s + 6 : s + _WITH_CENTURY]
        for s in starts
        if s + _WITH_CENTURY in ends and digits[s + 4 : s + 6] in _CENTURIES
    )
    return found


def contains_national_id(text: str) -> bool:
    """True when ``text`` contains something that is a valid national identity number.

    See the module documentation for the ways of writing a number that count.

    Parameters
    ----------
    text : str
        Any text typed by someone or read from a file.
    """
    return any(
        is_national_id(candidate)
        for groups in digit_groups(text)
        for candidate in _candidates(groups)
    )
