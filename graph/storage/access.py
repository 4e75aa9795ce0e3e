"""Who is acting: the user bound to a repository, and what each role may do.

Every :class:`~graph.storage.repository.Repository` acts for one :class:`Actor`. In
local mode that is :data:`LOCAL`, the single user of a machine, who owns everything
(so local mode works as before). In team mode it is the user logged in through the
municipality's identity provider, made from the ID token's claims by
:func:`actor_from_claims`.

Access rules (enforced in the repository, not only hidden in the pages):

* **Cases** are seen only by their members. A member's role is ``eier`` (owner:
  manages members, deletes, erases), ``redaktør`` (saves new versions, renames) or
  ``leser`` (reads). The creator is the owner; a case always has at least one owner.
* **Municipality maps** hold no personal data: every logged-in user reads them; users
  with the planner role (:data:`PLANNER`, from a group claim) create, save and
  delete them.
* **Administrators** (:data:`ADMIN`, from a group claim) see that cases exist
  (title, owners, dates), can reassign owners and read the access log, but cannot
  open a case's content unless they are made a member.

Only the provider's subject id and a display name (or e-mail) are kept. Claims that
can carry a national identity number (ID-porten's ``pid`` and the like) are dropped
before anything is stored or shown, and so is any name that holds one
(:func:`graph.format.privacy.contains_national_id`).

Examples
--------
>>> actor = actor_from_claims(
...     {"sub": "a1", "name": "Kari", "pid": "15038510190", "groups": ["tk-planlegger"]},
...     planner_groups={"tk-planlegger"},
... )
>>> actor.subject, actor.name, sorted(actor.roles)
('a1', 'Kari', ['planner'])
>>> rank("eier") > rank("redaktør") > rank("leser")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.format.privacy import contains_national_id
from graph.storage.models import NAME_LENGTH, ROLES, SUBJECT_LENGTH

OWNER, EDITOR, READER = ROLES
"""The member roles: ``eier``, ``redaktør``, ``leser``."""
PLANNER = "planner"
"""Installation role: may create, save and delete municipality maps."""
ADMIN = "admin"
"""Installation role: sees which cases exist, reassigns owners, reads the access log."""
ROLE_WORDS = {OWNER: "Eier", EDITOR: "Redaktør", READER: "Leser"}
"""How the pages name each member role."""
DROPPED_CLAIMS = frozenset(
    {"pid", "fnr", "fodselsnummer", "fødselsnummer", "ssn", "nin", "personidentifikator"}
)
"""Claims never read: they carry a national identity number (ID-porten: ``pid``)."""
KEPT_CLAIMS = ("sub", "name", "email", "preferred_username", "groups", "auth_time", "iat")
"""The only claims :func:`minimal_claims` keeps (``iat``: when the login was made)."""
COOKIE_KEYS = ("origin", "is_logged_in", "provider")
"""Streamlit's own keys in its login cookie, kept beside :data:`KEPT_CLAIMS`."""


class IdentityError(ValueError):
    """The identity provider's claims cannot be used; ``str(error)`` is Norwegian."""


@dataclass(frozen=True)
class Actor:
    """The user a repository acts for.

    Attributes
    ----------
    subject : str
        The identity provider's stable subject id (``sub``).
    name : str
        A display name or e-mail, for lists and the access log.
    roles : frozenset of str
        Installation roles from group claims: :data:`PLANNER`, :data:`ADMIN`.
    local : bool
        The single user of local mode, who owns every case.
    """

    subject: str
    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    local: bool = False

    @property
    def is_admin(self) -> bool:
        """Whether the actor has the administrator role."""
        return ADMIN in self.roles

    @property
    def is_planner(self) -> bool:
        """Whether the actor may change municipality maps."""
        return PLANNER in self.roles


LOCAL = Actor("lokal", "Lokal bruker", frozenset({PLANNER, ADMIN}), local=True)
"""The one user of local mode: owner of everything (the subject migration 0003 uses)."""
SYSTEM = Actor("system", "Tverrkart (automatisk)")
"""For the installation's own jobs (purging expired items); member of nothing."""


def rank(role: str | None) -> int:
    """How much a role may do: ``leser`` 1, ``redaktør`` 2, ``eier`` 3, none 0.

    Examples
    --------
    >>> rank(None), rank("leser"), rank("eier")
    (0, 1, 3)
    """
    return {READER: 1, EDITOR: 2, OWNER: 3}.get(role or "", 0)


def _dropped(name: str) -> bool:
    folded = name.strip().lower().replace("-", "").replace("_", "")
    return folded in DROPPED_CLAIMS


def minimal_claims(claims: Mapping[str, Any]) -> dict[str, Any]:
    """The claims Tverrkart may keep: :data:`KEPT_CLAIMS`, with no identity number in them.

    ``pid`` and the other :data:`DROPPED_CLAIMS` never get through; a kept text claim
    that holds a national identity number is dropped too.

    Examples
    --------
    >>> minimal_claims({"sub": "x", "pid": "15038510190", "name": "15038510190",
    ...                 "email": "kari@kommune.no", "phone_number": "99999999"})
    {'sub': 'x', 'email': 'kari@kommune.no'}
    """
    kept: dict[str, Any] = {}
    for key in KEPT_CLAIMS:
        if key not in claims or _dropped(key):
            continue
        value = claims[key]
        if key == "groups":
            groups = value if isinstance(value, list | tuple) else [value]
            kept[key] = [str(g) for g in groups if not contains_national_id(str(g))]
        elif isinstance(value, str):
            if not contains_national_id(value):
                kept[key] = value
        elif key in {"auth_time", "iat"} and isinstance(value, int | float):
            kept[key] = value
    return kept


def cookie_claims(user_info: Mapping[str, Any]) -> dict[str, Any]:
    """What Streamlit's signed (not encrypted) login cookie may carry: :func:`minimal_claims`
    and Streamlit's own keys.

    Examples
    --------
    >>> cookie_claims({"sub": "x", "pid": "15038510190", "is_logged_in": True,
    ...                "provider": "default", "address": {"street": "Storgata 1"}})
    {'sub': 'x', 'is_logged_in': True, 'provider': 'default'}
    """
    kept = minimal_claims(user_info)
    for key in COOKIE_KEYS:
        if key in user_info and isinstance(user_info[key], str | bool):
            kept[key] = user_info[key]
    return kept


def actor_from_claims(
    claims: Mapping[str, Any],
    *,
    planner_groups: Iterable[str] = (),
    admin_groups: Iterable[str] = (),
) -> Actor:
    """The :class:`Actor` for a logged-in user, from the ID token's claims.

    Parameters
    ----------
    claims : mapping
        The claims (Streamlit's ``st.user``): ``sub`` is required; ``name``, ``email``
        or ``preferred_username`` give the display name; ``groups`` the roles.
    planner_groups, admin_groups : iterable of str
        Group names that give the :data:`PLANNER` and :data:`ADMIN` roles.

    Raises
    ------
    IdentityError
        No usable subject id (missing, too long, or holding a national identity number).
    """
    kept = minimal_claims(claims)
    subject = str(kept.get("sub") or "").strip()
    if not subject:
        raise IdentityError(
            "Innloggingen mangler en brukerident Tverrkart kan bruke (sub), eller identen "
            "ligner et fødselsnummer. Be den som drifter Tverrkart om å sette opp "
            "identitetsleverandøren slik at «sub» er en ident uten fødselsnummer."
        )
    if len(subject) > SUBJECT_LENGTH:
        raise IdentityError("Brukeridenten fra innloggingen er for lang.")
    name = next(
        (
            " ".join(str(kept[k]).split())
            for k in ("name", "email", "preferred_username")
            if str(kept.get(k) or "").strip()
        ),
        f"Bruker {subject[:12]}",
    )[:NAME_LENGTH]
    groups = set(kept.get("groups", []))
    roles = set()
    if groups & set(planner_groups):
        roles.add(PLANNER)
    if groups & set(admin_groups):
        roles.add(ADMIN)
    return Actor(subject, name, frozenset(roles))
