"""Before/after figures for issue 9, findings 7, 9 and 10 (what a file may hold).

Prints, for the checkout it runs in:

* how many ways of writing one identity number (``15038510190``, valid by
  python-stdnum) a case file can hold: refused / accepted, per form;
* how many harmless numbers (phone, organisation number, date) are refused;
* the command line's exit code, stdout and stderr for a 5,000-digit number, for
  ``1e999`` and for a label with ``U+0001``, and whether the GraphML written reads back;
* how often a random 11-digit string, and a valid bank account number, is taken for an
  identity number (the price of the 2032 check-digit rule and H-numbers).

Run in this checkout: ``.venv/bin/python -m benchmarks.input_guards``. For the
"before" figures, run the same file against an older checkout, for example::

    mkdir /tmp/before && git archive e109e66 | tar -x -C /tmp/before
    cd /tmp/before && PYTHONPATH=. /path/to/.venv/bin/python /path/to/benchmarks/input_guards.py
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx
from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

from graph.format.privacy import is_national_id
from graph.format.validation import InvalidFileError, load_case_bytes

NUMBER = "15038510190"


def _with_check_digits(first_nine: str) -> str:
    k1 = calc_check_digit1(first_nine)
    return first_nine + k1 + calc_check_digit2(first_nine + k1)


TEXT_FORMS = {
    "plain": NUMBER,
    "space 6-5": "150385 10190",
    "dots and a space: 15.03.85 10190": "15.03.85 10190",
    "two spaces": "150385  10190",
    "slash": "150385/10190",
    "2-2-2-5": "15 03 85 10190",
    "3-3-3-2": "150 385 101 90",
    "zero-width space": "150385\u200b10190",
    "NBSP": "150385\u00a010190",
    "thin space": "150385\u200910190",
    "hyphens: 15-03-85-10190": "15-03-85-10190",
    "full-width digits": NUMBER.translate(
        str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))
    ),
    "four-digit year: 15.03.1985 10190": "15.03.1985 10190",
    "D-number (day + 40)": _with_check_digits("550385101"),
    "H-number (month + 40)": _with_check_digits("154385101"),
    "2032 rule (Skatteetaten's example 30108299939)": "30108299939",
}
NUMBER_FORMS = {
    "JSON integer": NUMBER.encode(),
    "JSON float 15038510190.0": b"15038510190.0",
    "JSON float 1.503851019E10": b"1.503851019E10",
}
HARMLESS = ["478 92 261", "47892261", "+47 478 92 261", "974 760 673", "15.03.85", "15.03.1985"]
CASE_HEAD = b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, '


def _refused(data: bytes) -> bool:
    try:
        load_case_bytes(data)
    except InvalidFileError:
        return True
    return False


def identity_numbers() -> None:
    rows = {
        name: _refused(CASE_HEAD + json.dumps({"title": text})[1:].encode())
        for name, text in TEXT_FORMS.items()
    }
    rows |= {
        name: _refused(CASE_HEAD + b'"x": ' + literal + b"}")
        for name, literal in NUMBER_FORMS.items()
    }
    for name, refused in rows.items():
        print(f"  {'refused ' if refused else 'ACCEPTED'}  {name}")
    print(f"identity-number forms refused: {sum(rows.values())}/{len(rows)}")
    wrong = [t for t in HARMLESS if _refused(CASE_HEAD + json.dumps({"title": t})[1:].encode())]
    print(f"harmless numbers refused: {len(wrong)}/{len(HARMLESS)} {wrong or ''}")


def command_line() -> None:
    files = {
        "5000-digit number": CASE_HEAD + b'"x": ' + b"1" * 5000 + b"}",
        "1e999": CASE_HEAD + b'"x": 1e999}',
        "label Mor\\u0001": CASE_HEAD
        + b'"actors": [{"id": "mor", "label": "Mor\\u0001", "type": "foresatte"}]}',
    }
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "sak.json", Path(folder) / "ut.graphml"
        for name, data in files.items():
            path.write_bytes(data)
            for argv in (["validate", path], ["export", path, "--to", "graphml", "-o", out]):
                run = subprocess.run(
                    [sys.executable, "-m", "graph.cli", *map(str, argv)],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=False,
                )
                err = run.stderr.strip().replace(str(path), "sak.json").replace(str(out), "ut")
                print(
                    f"  {name:18} {argv[0]:8} exit {run.returncode}, "
                    f"stdout {len(run.stdout)} B, stderr: {err[:90]!r}"
                )
            if out.exists():
                try:
                    nx.read_graphml(out)
                    print(f"  {'':18} the GraphML written reads back")
                except Exception as error:  # any failure is the figure
                    print(
                        f"  {'':18} the GraphML written does NOT read back ({type(error).__name__})"
                    )
                out.unlink()


def false_positives(samples: int = 200_000) -> None:
    rng = random.Random(1)
    hits = sum(is_national_id(f"{rng.randrange(10**11):011d}") for _ in range(samples))
    print(f"random 11-digit strings taken for an identity number: {hits / samples:.2%}")
    weights, accounts, taken = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), 0, 0
    while accounts < samples:
        digits = f"{rng.randrange(10**10):010d}"
        check = 11 - sum(int(c) * w for c, w in zip(digits, weights, strict=True)) % 11
        if check == 10:
            continue
        accounts += 1
        taken += is_national_id(digits + str(check % 11))
    print(f"valid bank account numbers taken for an identity number: {taken / accounts:.2%}")


if __name__ == "__main__":
    identity_numbers()
    command_line()
    false_positives()
