"""Tests for the national identity number guard (:mod:`graph.format.privacy`).

The numbers are generated here with the official modulus-11 algorithm
(Skatteetaten: fødselsnummer = DDMMYY + three individual digits + two check digits;
a D-number adds 40 to the day), written independently of the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.no import fodselsnummer as stdnum_fnr

from graph.format.privacy import contains_national_id, is_national_id

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


# --------------------------------------------------------------------------- issue 9, finding 7
# How people really write the numbers, H-numbers, the 2032 check-digit rule, and
# python-stdnum as an independent oracle.

ISSUE_NUMBER = "15038510190"  # the number in the issue; stdnum says it is valid


def h_number(number: str) -> str:
    """The H-number for the same date and individual digits (month + 40)."""
    return make_number(int(number[:2]), int(number[2:4]) + 40, int(number[4:6]), int(number[6:9]))


def check_sum_1(number: str) -> int:
    return sum(int(d) * w for d, w in zip(number[:10], (*K1_WEIGHTS, 1), strict=True)) % 11


def relaxed_number(first_nine: str, remainder: int) -> str | None:
    """A number issued from 2032 (Skatteetaten: k1 = {11..14} - sum mod 11), or None."""
    digits = [int(c) for c in first_nine]
    k1 = (remainder - sum(d * w for d, w in zip(digits, K1_WEIGHTS, strict=True))) % 11
    if k1 == 10:
        return None
    k2 = check_digit([*digits, k1], K2_WEIGHTS)
    if k2 is None:
        return None
    return first_nine + str(k1) + str(k2)


def test_the_oracle_agrees_on_the_numbers_used_here() -> None:
    assert stdnum_fnr.is_valid(ISSUE_NUMBER)
    assert stdnum_fnr.is_valid(FNR) and stdnum_fnr.is_valid(D_NUMBER)
    # Skatteetaten's own examples for 2032: today's rule says no to the second one.
    assert stdnum_fnr.is_valid("30108299920")
    assert not stdnum_fnr.is_valid("30108299939")
    assert relaxed_number("301082999", 1) == "30108299939"


WRITTEN_FORMS = {
    "plain": lambda n: f"{n}",
    "6-5 space": lambda n: f"{n[:6]} {n[6:]}",
    "two spaces": lambda n: f"{n[:6]}  {n[6:]}",
    "dots and a space": lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}",
    "slash": lambda n: f"{n[:6]}/{n[6:]}",
    "backslash": lambda n: f"{n[:6]}\\{n[6:]}",
    "2-2-2-5": lambda n: f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
    "3-3-3-2": lambda n: f"{n[:3]} {n[3:6]} {n[6:9]} {n[9:]}",
    "hyphens": lambda n: f"{n[:2]}-{n[2:4]}-{n[4:6]}-{n[6:]}",
    "en dash with spaces": lambda n: f"{n[:6]} – {n[6:]}",
    "zero-width space": lambda n: f"{n[:6]}\u200b{n[6:]}",
    "soft hyphen": lambda n: f"{n[:6]}\u00ad{n[6:]}",
    "NBSP": lambda n: f"{n[:6]}\u00a0{n[6:]}",
    "thin space": lambda n: f"{n[:6]}\u2009{n[6:]}",
    "narrow NBSP": lambda n: f"{n[:2]}\u202f{n[2:4]}\u202f{n[4:6]}\u202f{n[6:]}",
    "line break": lambda n: f"{n[:6]}\n{n[6:]}",
    "four-digit year": lambda n: f"{n[:2]}.{n[2:4]}.19{n[4:6]} {n[6:]}",
    "in a sentence": lambda n: (
        f"Mor sier at fnr. er {n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}, ring henne."
    ),
}
FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))
ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x0660 + i) for i in range(10)))


@pytest.mark.parametrize("form", WRITTEN_FORMS.values(), ids=WRITTEN_FORMS.keys())
@pytest.mark.parametrize(
    "number",
    [ISSUE_NUMBER, FNR, D_NUMBER, h_number(ISSUE_NUMBER), "30108299939"],
    ids=["issue", "fnr", "d-number", "h-number", "2032-rule"],
)
def test_every_written_form_is_refused(form: str, number: str) -> None:
    text = form(number)
    assert contains_national_id(text), repr(text)
    assert contains_national_id(text.translate(FULLWIDTH)), "full-width digits"
    assert contains_national_id(text.translate(ARABIC_INDIC)), "Arabic-Indic digits"


def test_the_issue_number_in_every_form_the_issue_names_is_refused() -> None:
    forms = [
        "15.03.85 10190",
        "150385  10190",
        "150385/10190",
        "15 03 85 10190",
        "150 385 101 90",
        "150385\u200b10190",
        "150385\u00a010190",
    ]
    assert [contains_national_id(form) for form in forms] == [True] * len(forms)


@pytest.mark.parametrize(
    "text",
    [
        "15.03.85",  # a date
        "15.03.1985",
        "Møte 15.03.85 kl. 10",
        "15.03.25 - 10.04.25",
        "15.03.2025 - 10.04.2025",
        "tlf 478 92 261, 22 33 44 55",
        "47 89 22 61",
        "0047 478 92 261",
        "Org.nr. 974 760 673",
        "974760673",
        "Saksnr. 2024/1234",
        "ISBN 978-82-05-12345-6",
        "12" + ISSUE_NUMBER + "34",  # one long number, not an identity number inside it
    ],
)
def test_ordinary_numbers_are_not_refused(text: str) -> None:
    assert not contains_national_id(text)


def test_h_numbers_are_recognised_and_impossible_h_months_are_not() -> None:
    number = h_number(ISSUE_NUMBER)
    assert number[2:4] == "43"
    assert is_national_id(number) and stdnum_fnr.is_valid(number)
    for month in (40, 53, 60):
        candidate = first_number(15, month, 1985)
        assert not is_national_id(candidate), candidate


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_numbers_issued_from_2032_are_recognised(remainder: int) -> None:
    number = next(
        n for i in range(999, 0, -1) if (n := relaxed_number(f"020132{i:03d}", remainder))
    )
    assert check_sum_1(number) == remainder
    assert not stdnum_fnr.is_valid(number)  # the oracle knows only today's rule
    assert is_national_id(number)
    assert contains_national_id(f"{number[:2]}.{number[2:4]}.{number[4:6]} {number[6:]}")


def test_remainders_above_three_are_still_refused() -> None:
    for remainder in range(4, 11):
        number = relaxed_number("150385101", remainder)
        if number is not None:
            assert not is_national_id(number), (remainder, number)


def test_names_and_notes_use_the_same_guard() -> None:
    # «Lagre» name, version note, rename and archive import all go through check_text.
    from graph.storage.archive import check_text

    for form in ("15.03.85 10190", "150 385 101 90", "150385\u00a010190"):
        with pytest.raises(ValueError, match="fødselsnummer"):
            check_text(form, "Navnet", required=False)
    assert check_text("Møte 15.03.85 med tlf 478 92 261", "Merknaden", required=False)


# Hypothesis: every valid generated number, in every separator format.

SEPARATOR_RUNS = st.sampled_from(
    [
        " ",
        "  ",
        ".",
        ". ",
        "/",
        " / ",
        "-",
        " - ",
        "–",
        "\u00a0",
        "\u2009",
        "\u202f",
        "\u200b",
        "\u00ad",
        "\n",
        "\t",
        "_",
        "\\",
        " \u200b ",
    ]
)


@st.composite
def any_valid_number(draw: st.DrawFn) -> str:
    """A fødselsnummer, D-number or H-number, under today's rule or the 2032 rule."""
    born = draw(st.dates(min_value=date(1854, 1, 1), max_value=date(2039, 12, 31)))
    day = born.day + (40 if draw(st.booleans()) else 0)
    month = born.month + (40 if draw(st.booleans()) else 0)
    individual = draw(st.integers(min_value=0, max_value=999))
    remainder = draw(st.sampled_from([0, 0, 1, 2, 3]))
    number = relaxed_number(f"{day:02d}{month:02d}{born.year % 100:02d}{individual:03d}", remainder)
    assume(number is not None)
    assert number is not None
    return number


@st.composite
def written(draw: st.DrawFn, digits: str) -> str:
    """``digits`` split anywhere into groups joined by separator runs, in some text."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=len(digits) - 1), max_size=5)))
    parts = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    text = parts[0]
    for part in parts[1:]:
        text += draw(SEPARATOR_RUNS) + part
    words = st.text(alphabet=st.characters(categories=["L"]), max_size=10)
    return f"{draw(words)} {text} {draw(words)}"


@given(st.data())
def test_every_valid_number_in_every_separator_format_is_refused(data: st.DataObject) -> None:
    number = data.draw(any_valid_number())
    assert is_national_id(number)
    assert contains_national_id(data.draw(written(number)))


@given(st.data())
def test_phone_and_organisation_numbers_in_any_format_are_accepted(
    data: st.DataObject,
) -> None:
    phone = data.draw(st.from_regex(r"[2-9][0-9]{7}", fullmatch=True))
    organisation = data.draw(st.from_regex(r"[89][0-9]{8}", fullmatch=True))
    assert not contains_national_id(data.draw(written(phone)))
    assert not contains_national_id("+47 " + data.draw(written(phone)))
    assert not contains_national_id(data.draw(written(organisation)))


@given(st.dates(min_value=date(1854, 1, 1), max_value=date(2039, 12, 31)), st.data())
def test_stdnum_valid_means_refused(born: date, data: st.DataObject) -> None:
    """Oracle, one way: every number python-stdnum accepts is refused here."""
    individual = data.draw(st.integers(min_value=0, max_value=999))
    first_nine = f"{born:%d%m%y}{individual:03d}"
    k1 = stdnum_fnr.calc_check_digit1(first_nine)
    number = first_nine + k1 + stdnum_fnr.calc_check_digit2(first_nine + k1)
    if stdnum_fnr.is_valid(number):
        assert is_national_id(number)


@given(st.from_regex(r"[0-7][0-9][0-5][0-9]{8}", fullmatch=True))
def test_stdnum_and_the_guard_differ_only_where_stdnum_is_narrower(number: str) -> None:
    """Oracle, other way: where the guard refuses and stdnum does not, say why."""
    if stdnum_fnr.is_valid(number):
        assert is_national_id(number)
    elif is_national_id(number):
        try:
            stdnum_fnr.validate(number)
        except InvalidChecksum:  # the 2032 rule: only the first check digit differs
            assert check_sum_1(number) in {1, 2, 3}
        except InvalidComponent:  # stdnum also checks the century and "not born yet"
            pass


@pytest.mark.parametrize("text", ["1 " * 250_000, "12." * 170_000, "7" * 500_000])
def test_the_guard_is_linear_in_the_length_of_the_text(text: str) -> None:
    """Half a megabyte of digit groups: well under a second here (quadratic: hours)."""
    import time

    started = time.process_time()
    assert not contains_national_id(text)
    assert not contains_national_id(text + " " + FNR[:-1])
    assert contains_national_id(text + " x " + FNR)
    assert time.process_time() - started < 5
