"""The file format: what a case file and a municipality file are, and checking them.

It builds on the reference data (:mod:`graph.reference`, :mod:`graph.guidance`), and
every layer above reads files through it. One job per module:

- :mod:`~graph.format.model` – the case and municipality files as pydantic models
  (FORMATS.md §1), unknown keys kept;
- :mod:`~graph.format.validation` – reading and checking a file: every problem at once;
- :mod:`~graph.format.messages` – a problem in Norwegian, and where in the file it is;
- :mod:`~graph.format.limits` – how large a case, a municipality file and a tab's
  uploads may be;
- :mod:`~graph.format.privacy` – the guard against national identity numbers;
- :mod:`~graph.format.editing` – a case's tables and forms ↔ the case file;
- :mod:`~graph.format.examples` – the fictional example cases in ``data/examples/``.
"""

from typing import TYPE_CHECKING

from graph.reference.lazy import lazy_getattr

if TYPE_CHECKING:
    from graph.format.editing import (
        ACTOR_REQUIRED,
        CLOSENESS_OPTIONS,
        STRENGTH_OPTIONS,
        actors_frame,
        apply_actor_rows,
        apply_person,
        apply_step_rows,
        apply_tie_rows,
        editor_rows,
        endpoint_options,
        legal_basis_options,
        new_actor_id,
        new_case_dict,
        removed_ties,
        responsible_options,
        row_problems,
        step_status_options,
        steps_frame,
        tie_kind_options,
        tie_row_problems,
        ties_frame,
        type_options,
    )
    from graph.format.examples import list_examples
    from graph.format.limits import (
        MAP_READABLE_ACTORS,
        MAX_ACTORS,
        MAX_MEASURES,
        MAX_STRUCTURES,
        MAX_TIES,
        MAX_UPLOAD_FILES,
        session_upload_refusal,
    )
    from graph.format.messages import Problem
    from graph.format.model import (
        MAX_NOTE_LENGTH,
        PERSON_ID,
        Case,
        MunicipalityFile,
        case_to_dict,
        municipality_to_dict,
    )
    from graph.format.validation import (
        InvalidFileError,
        load_case_bytes,
        validate_case,
        validate_municipality,
    )


# The names below are imported on first use (PEP 562): importing one module of this
# layer does not import every module the pages use (pandas, altair, …).
_LAZY = {
    "ACTOR_REQUIRED": "graph.format.editing",
    "CLOSENESS_OPTIONS": "graph.format.editing",
    "Case": "graph.format.model",
    "InvalidFileError": "graph.format.validation",
    "MAP_READABLE_ACTORS": "graph.format.limits",
    "MAX_ACTORS": "graph.format.limits",
    "MAX_MEASURES": "graph.format.limits",
    "MAX_NOTE_LENGTH": "graph.format.model",
    "MAX_STRUCTURES": "graph.format.limits",
    "MAX_TIES": "graph.format.limits",
    "MAX_UPLOAD_FILES": "graph.format.limits",
    "MunicipalityFile": "graph.format.model",
    "PERSON_ID": "graph.format.model",
    "Problem": "graph.format.messages",
    "STRENGTH_OPTIONS": "graph.format.editing",
    "actors_frame": "graph.format.editing",
    "apply_actor_rows": "graph.format.editing",
    "apply_person": "graph.format.editing",
    "apply_step_rows": "graph.format.editing",
    "apply_tie_rows": "graph.format.editing",
    "case_to_dict": "graph.format.model",
    "editor_rows": "graph.format.editing",
    "endpoint_options": "graph.format.editing",
    "legal_basis_options": "graph.format.editing",
    "list_examples": "graph.format.examples",
    "load_case_bytes": "graph.format.validation",
    "municipality_to_dict": "graph.format.model",
    "new_actor_id": "graph.format.editing",
    "new_case_dict": "graph.format.editing",
    "removed_ties": "graph.format.editing",
    "responsible_options": "graph.format.editing",
    "row_problems": "graph.format.editing",
    "session_upload_refusal": "graph.format.limits",
    "step_status_options": "graph.format.editing",
    "steps_frame": "graph.format.editing",
    "tie_kind_options": "graph.format.editing",
    "tie_row_problems": "graph.format.editing",
    "ties_frame": "graph.format.editing",
    "type_options": "graph.format.editing",
    "validate_case": "graph.format.validation",
    "validate_municipality": "graph.format.validation",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "ACTOR_REQUIRED",
    "CLOSENESS_OPTIONS",
    "MAP_READABLE_ACTORS",
    "MAX_ACTORS",
    "MAX_MEASURES",
    "MAX_NOTE_LENGTH",
    "MAX_STRUCTURES",
    "MAX_TIES",
    "MAX_UPLOAD_FILES",
    "PERSON_ID",
    "STRENGTH_OPTIONS",
    "Case",
    "InvalidFileError",
    "MunicipalityFile",
    "Problem",
    "actors_frame",
    "apply_actor_rows",
    "apply_person",
    "apply_step_rows",
    "apply_tie_rows",
    "case_to_dict",
    "editor_rows",
    "endpoint_options",
    "legal_basis_options",
    "list_examples",
    "load_case_bytes",
    "municipality_to_dict",
    "new_actor_id",
    "new_case_dict",
    "removed_ties",
    "responsible_options",
    "row_problems",
    "session_upload_refusal",
    "step_status_options",
    "steps_frame",
    "tie_kind_options",
    "tie_row_problems",
    "ties_frame",
    "type_options",
    "validate_case",
    "validate_municipality",
]
