"""The ``tverrkart`` command line (FORMATS.md §3).

Every message to people is Norwegian. An invalid file gives exit code 2, nothing on
standard output, and one line per problem on standard error naming where it is.
No traceback is ever shown.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from graph.analysis import analyse_case
from graph.format.messages import Problem
from graph.format.model import Case, MunicipalityFile, case_to_dict
from graph.format.validation import InvalidFileError, load_any_bytes, load_case_bytes
from graph.interop.export import EXPORT_FORMATS, EXPORTERS, UnexportableTextError
from graph.interop.pdf import PdfUnavailableError
from graph.interop.schema import SCHEMAS, json_schema
from graph.interop.xlsx_in import import_workbook
from graph.municipality.case_demand import MAX_CASES, MIN_CASES, case_demand, demand_lines
from graph.municipality.coverage import Coverage, compute_coverage, coverage_report
from graph.municipality.files import expand_targets, json_files_in, read_one
from graph.reference.catalogue import load_catalogue

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2

_ARGPARSE_NORWEGIAN = {
    "the following arguments are required": "disse argumentene mangler",
    "invalid choice": "ugyldig valg",
    "choose from": "velg mellom",
    "unrecognized arguments": "ukjente argumenter",
    "expected one argument": "forventet ett argument",
    "argument": "argument",
}


class _NorwegianParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for english, norwegian in _ARGPARSE_NORWEGIAN.items():
            message = message.replace(english, norwegian)
        self.exit(
            EXIT_INVALID,
            f"{self.prog}: {message}\n"
            f"Skriv «{self.prog} --help» for å se hvordan kommandoen brukes.\n",
        )


class _NorwegianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Bruk: " if prefix is None else prefix)


def _norwegian(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give a parser Norwegian section titles and a Norwegian -h/--help."""
    parser._positionals.title = "argumenter"
    parser._optionals.title = "valg"
    parser.add_argument(
        "-h",
        "--help",
        action="help",
        default=argparse.SUPPRESS,
        help="vis denne hjelpen og avslutt",
    )
    return parser


class _FileRefusedError(Exception):
    def __init__(self, path: str, problems: list[Problem]):
        super().__init__(path)
        self.path = path
        self.problems = problems


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise _FileRefusedError(path, [Problem((), "finner ikke filen")])
    if file.is_dir():
        raise _FileRefusedError(path, [Problem((), "er en mappe, ikke en fil")])
    try:
        return file.read_bytes()
    except OSError as error:
        raise _FileRefusedError(path, [Problem((), f"kan ikke leses ({error.strerror})")]) from None


def _load_any(path: str) -> Case | MunicipalityFile:
    try:
        return load_any_bytes(_read_bytes(path))
    except InvalidFileError as error:
        raise _FileRefusedError(path, error.problems) from None


def _load_case(path: str) -> Case:
    try:
        return load_case_bytes(_read_bytes(path))
    except InvalidFileError as error:
        raise _FileRefusedError(path, error.problems) from None


def _write_atomically(target: str, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``target`` so that a failure leaves any old file untouched."""
    destination = Path(target)
    directory = destination.parent if str(destination.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tverrkart-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _command_validate(args: argparse.Namespace) -> int:
    loaded = _load_any(args.file)
    if isinstance(loaded, Case):
        print(
            f"{args.file}: gyldig saksfil ({len(loaded.actors)} aktører, {len(loaded.ties)} bånd)"
        )
    else:
        print(f"{args.file}: gyldig kommunefil (kommune {loaded.kommunenummer})")
    return EXIT_OK


def _print_analysis_text(result: dict) -> None:
    coordinator = result["coordinator"]
    status_text = {
        "ok": f"koordinator er {', '.join(coordinator['ids'])}",
        "missing": "ingen koordinator er utpekt",
        "multiple": f"flere er merket som koordinator: {', '.join(coordinator['ids'])}",
    }[coordinator["status"]]
    print(f"Koordinator: {status_text}")
    for warning in coordinator.get("warnings", []):
        print(f"  {warning}")
    print(f"Antall aktører: {result['metrics']['size']}")
    if result["gaps"]:
        print("Mangler etter veiledningen:")
    for gap in result["gaps"]:
        first = gap["rules"][0] if gap.get("rules") else gap  # the rule that sets the level
        labels = [load_catalogue().label(key) for key in first.get("alternatives", [])]
        alternatives = ", ".join(labels)
        also = f" (eller: {alternatives})" if alternatives else ""
        print(f"  {LEVEL_WORDS[gap['level']]}: {gap['label']}{also} – regel {gap['rule']}")
    for problem in result.get("info_sharing", []):
        print(f"Deling av opplysninger ({problem['from']} – {problem['to']}): {problem['message']}")
    notifications = result.get("notifications", [])
    if notifications:
        print("Meldinger og varsler veiledningen krever:")
    for notification in notifications:
        status = "sendt" if notification["status"] == "made" else "mangler"
        label = load_catalogue().label(notification["type"])
        print(f"  {status}: {label} – regel {notification['rule']}")
    for question in result.get("questions", []):
        print(f"Spørsmål: {question['why']}")
    steps = result.get("steps", [])
    if steps:
        print("Trinn:")
    for step in steps:
        mark = STEP_MARKS[step["status"]]
        who = f" (ansvarlig: {step['responsible']})" if step.get("responsible") else ""
        nxt = " ← neste trinn" if step["id"] == result.get("next_step") else ""
        print(f"  [{mark}] {step['title']}{who}{nxt}")
        for gap in step.get("gaps", []):
            print(f"      {gap['reason']}")
    for limit in result["metrics"].get("limits", {}).values():
        print(f"Merk: {limit['note']}")


def _command_analyse(args: argparse.Namespace) -> int:
    result = analyse_case(_load_case(args.case))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_analysis_text(result)
    return EXIT_OK


def _write_output(output: str, data: str | bytes, what: str) -> int:
    if output == "-":
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        return EXIT_OK
    try:
        _write_atomically(output, data)
    except OSError as error:
        print(f"{output}: kan ikke skrives ({error.strerror})", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Skrev {output} ({what})", file=sys.stderr)
    return EXIT_OK


def _command_export(args: argparse.Namespace) -> int:
    case = _load_case(args.file)
    try:
        data = EXPORTERS[args.to](case)
    except PdfUnavailableError as error:
        print(f"tverrkart: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except UnexportableTextError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return EXIT_INVALID
    return _write_output(args.output, data, args.to)


def _command_import(args: argparse.Namespace) -> int:
    result = import_workbook(_read_bytes(args.sheet), title=Path(args.sheet).stem)
    if result.case is None:
        for problem in result.problems:
            print(problem.as_line(args.sheet), file=sys.stderr)
        return EXIT_INVALID
    text = json.dumps(case_to_dict(result.case), ensure_ascii=False, indent=2) + "\n"
    return _write_output(args.output, text, "saksfil")


def _command_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
    return EXIT_OK


LEVEL_WORDS = {"must": "må", "should": "bør", "may": "kan"}
STEP_MARKS = {"open": " ", "done": "x", "not_relevant": "-"}


def _print_coverage_text(result: Coverage) -> None:
    fylke = f" ({result.kommune.fylke})" if result.kommune else ""
    print(f"{result.kommunenummer} {result.name}{fylke}: dekning {round(result.score * 100)} %")
    headings = {"actor": "Aktører som mangler", "structure": "Strukturer som mangler"}
    for kind, heading in headings.items():
        missing = result.missing(kind)
        if missing:
            words = ", ".join(f"{s.item.title} ({LEVEL_WORDS[s.item.level]})" for s in missing)
            print(f"  {heading}: {words}")
    print("  Regionalt og nasjonalt: " + " · ".join(body.display() for body in result.regional))


def _read_case_folder(folder: str) -> tuple[list[Case], list[tuple[str, Problem]]]:
    """The case files (``*.json``) directly inside ``folder`` for ``coverage --cases``."""
    path = Path(folder)
    if not path.is_dir():
        return [], [(folder, Problem((), "finner ikke mappen med saksfiler"))]
    files = json_files_in(path)
    if sum(1 for _ in path.glob("*.json")) > MAX_CASES:
        message = f"mappen har mer enn {MAX_CASES} saksfiler; del den opp i mindre mapper"
        return [], [(folder, Problem((), message))]
    cases: list[Case] = []
    refused: list[tuple[str, Problem]] = []
    for file in files:
        try:
            cases.append(_load_case(str(path / file.name)))
        except _FileRefusedError as error:
            refused.extend((error.path, problem) for problem in error.problems)
    return cases, refused


def _command_coverage(args: argparse.Namespace) -> int:
    paths, refused = expand_targets(args.targets)
    results = []
    municipalities = []
    for path in paths:
        try:
            data = _read_bytes(str(path))
        except _FileRefusedError as error:
            refused.extend((error.path, problem) for problem in error.problems)
            continue
        loaded = read_one(str(path), data)
        if loaded.municipality is None:
            refused.extend((str(path), problem) for problem in loaded.problems)
        else:
            results.append(compute_coverage(loaded.municipality))
            municipalities.append(loaded.municipality)
    demands = None
    if args.cases is not None:
        cases, case_problems = _read_case_folder(args.cases)
        refused.extend(case_problems)
        demands = [
            case_demand(cases, m.kommunenummer, [a.type for a in m.actors]) for m in municipalities
        ]
    if refused:
        for where, problem in refused:
            print(problem.as_line(where), file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        report = coverage_report(results)
        for entry, demand in zip(report["municipalities"], demands or (), strict=False):
            entry["case_demand"] = demand
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for index, result in enumerate(results):
            if index:
                print()
            _print_coverage_text(result)
            if demands is not None:
                print("\n".join(demand_lines(demands[index])))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with Norwegian help texts."""
    parser = _norwegian(
        _NorwegianParser(
            prog="tverrkart",
            description="Tverrkart: nettverkskart for tverrfaglig forebygging av radikalisering.",
            add_help=False,
            formatter_class=_NorwegianHelpFormatter,
        )
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="KOMMANDO", title="kommandoer"
    )

    def add_command(name: str, help_text: str) -> argparse.ArgumentParser:
        return _norwegian(
            commands.add_parser(
                name,
                help=help_text,
                description=help_text,
                add_help=False,
                formatter_class=_NorwegianHelpFormatter,
            )
        )

    validate = add_command("validate", "sjekk en saksfil eller kommunefil")
    validate.add_argument("file", metavar="FIL")
    validate.set_defaults(handler=_command_validate)

    analyse = add_command("analyse", "analyser en sak")
    analyse.add_argument("case", metavar="SAK")
    analyse.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    analyse.set_defaults(handler=_command_analyse)

    coverage = add_command(
        "coverage", "vis dekningen i én eller flere kommunefiler (filer eller mapper)"
    )
    coverage.add_argument("targets", metavar="FIL_ELLER_MAPPE", nargs="+")
    coverage.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    coverage.add_argument(
        "--cases",
        metavar="MAPPE",
        help="tell hva saksfilene (.json) i mappen etterspør av hver kommune; bare tall, "
        f"og tall under {MIN_CASES} vises ikke",
    )
    coverage.set_defaults(handler=_command_coverage)

    export = add_command("export", "skriv en sak i et annet format")
    export.add_argument("file", metavar="FIL")
    export.add_argument("--to", required=True, choices=EXPORT_FORMATS, help="formatet")
    export.add_argument("-o", "--output", required=True, metavar="UT", help="filen å skrive")
    export.set_defaults(handler=_command_export)

    sheet = add_command("import", "lag en saksfil av et regneark (.xlsx) med aktører og bånd")
    sheet.add_argument("sheet", metavar="REGNEARK")
    sheet.add_argument("-o", "--output", required=True, metavar="UT", help="saksfilen å skrive")
    sheet.set_defaults(handler=_command_import)

    schema = add_command("schema", "skriv JSON Schema for en filtype eller et resultat")
    schema.add_argument("kind", metavar="HVA", choices=tuple(SCHEMAS), help=", ".join(SCHEMAS))
    schema.set_defaults(handler=_command_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by the console script)."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except _FileRefusedError as refused:
        for problem in refused.problems:
            print(problem.as_line(refused.path), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # people must never see a traceback
        print(
            f"tverrkart: uventet feil ({type(error).__name__}). Ingen filer er endret.",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
