"""Tests for the national identity number guard (:mod:`graph.privacy`).

The numbers are generated here with the official modulus-11 algorithm
(Skatteetaten: fødselsnummer = DDMMYY + three individual digits + two check digits;
a D-number adds 40 to the day), written independently of the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from graph.privacy import contains_national_id, is_national_id

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    """k = 11 - (weighted sum mod 11); 11 becomes 0 and 10 means "no valid number"."""
    k = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if k == 11:
        return 0
    return None if k == 10 else k


def make_number(day: int, month: int, year: int, individual: int) -> str | None:
    """DDMMYY III K1 K2 with the given (possibly impossible) day and month.

    Returns None when no check digit exists for this individual number.
    """
    first_nine = [int(c) for c in f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"]
    k1 = check_digit(first_nine, K1_WEIGHTS)
    if k1 is None:
        return None
    k2 = check_digit([*first_nine, k1], K2_WEIGHTS)
    if k2 is None:
        return None
    return "".join(map(str, [*first_nine, k1, k2]))


def first_number(day: int, month: int, year: int) -> str:
    """The first valid-check-digit number for this (day, month, year)."""
    return next(n for i in range(1000) if (n := make_number(day, month, year, i)))


@st.composite
def national_ids(draw: st.DrawFn) -> str:
    """A valid fødselsnummer or D-number (dates 1900-2039)."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)))
    individual = draw(st.integers(min_value=0, max_value=999))
    d_number = draw(st.booleans())
    day = born.day + 40 if d_number else born.day
    number = make_number(day, born.month, born.year, individual)
    assume(number is not None)
    assert number is not None
    return number


FNR = first_number(15, 1, 1999)
D_NUMBER = first_number(55, 1, 1999)  # day 15 + 40
LEAP_DAY = first_number(29, 2, 2000)


def test_generator_matches_a_hand_computed_example() -> None:
    # 010101 001, by hand:
    # k1 = 11 - (0*3+1*7+0*6+1*1+0*8+1*9+0*4+0*5+1*2) % 11 = 11 - 19 % 11 = 3
    # k2 = 11 - (0*5+1*4+0*3+1*2+0*7+1*6+0*5+0*4+1*3+3*2) % 11 = 11 - 21 % 11 = 1
    assert make_number(1, 1, 1901, 1) == "01010100131"


@pytest.mark.parametrize("number", [FNR, D_NUMBER, LEAP_DAY], ids=["fnr", "d-number", "29-02"])
def test_valid_numbers_are_recognised(number: str) -> None:
    assert is_national_id(number)
    assert contains_national_id(number)
    assert contains_national_id(f"Personen har fnr {number}.")
    assert contains_national_id(f"{number[:6]} {number[6:]}")
    assert contains_national_id(f"fnr: {number[:6]} {number[6:]}, født 1999")
    assert contains_national_id(f"{number[:6]}-{number[6:]}")
    assert contains_national_id(f"{number[:6]}.{number[6:]}")
    assert contains_national_id(f"linje 1\n{number}\nlinje 3")


@pytest.mark.parametrize(
    "number",
    [
        FNR[:9] + str((int(FNR[9]) + 1) % 10) + FNR[10],
        FNR[:10] + str((int(FNR[10]) + 1) % 10),
        "01010112345",
        "00000000000",
        "12345678901",
    ],
    ids=["wrong-k1", "wrong-k2", "doctest", "zeros", "sequence"],
)
def test_wrong_check_digits_are_rejected(number: str) -> None:
    assert not is_national_id(number)
    assert not contains_national_id(f"nr {number}")


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        (32, 1, 1999),  # 320199…
        (0, 1, 1999),
        (31, 4, 1999),
        (30, 2, 2000),
        (15, 13, 1999),
        (15, 0, 1999),
        (72, 1, 1999),  # D-number with day 32
        (40, 1, 1999),  # D-number with day 0
        (99, 99, 1999),
    ],
)
def test_impossible_dates_are_rejected_even_with_right_check_digits(
    day: int, month: int, year: int
) -> None:
    number = first_number(day, month, year)
    assert not is_national_id(number)
    assert not contains_national_id(number)


@pytest.mark.parametrize(
    "text",
    [
        FNR[:-1],  # 10 digits
        FNR + "0",  # 12 digits
        "0" + FNR,  # 12 digits
        "12" + FNR + "34",  # inside a longer run
        f"{FNR[:6]} {FNR[6:]}0",  # the grouped form, with a trailing extra digit
        "",
        "fnr",
        "abcdefghijk",
        "478 92 261",
        "47892261",
        "974 760 673",
        "+47 478 92 261",
    ],
)
def test_other_digit_runs_are_rejected(text: str) -> None:
    assert not is_national_id(text)
    assert not contains_national_id(text)


@given(national_ids())
def test_generated_numbers_are_valid(number: str) -> None:
    assert is_national_id(number)
    assert contains_national_id(f"fnr {number[:6]} {number[6:]} ")


@given(
    national_ids(),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=9),
)
def test_changing_one_digit_breaks_the_number(number: str, position: int, delta: int) -> None:
    # Every weight is non-zero and 11 is prime, so a single changed digit always
    # changes a weighted sum mod 11: mod-11 detects every single-digit error.
    assert is_national_id(number)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert changed != number
    assert not is_national_id(changed)


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=200))
def test_text_without_digits_never_contains_a_national_id(text: str) -> None:
    assert not contains_national_id(text)


@given(st.text(max_size=40))
def test_is_national_id_never_raises(text: str) -> None:
    assert isinstance(is_national_id(text), bool)
    assert isinstance(contains_national_id(text), bool)
