"""Every ``st.session_state`` key of the app, declared once, with one naming scheme.

A key reads ``"<area>.<name>"`` (more parts where one name is kept per kind or per
stored item): the area is the item being edited (``case``, ``municipality``) or the
page or helper that owns the value (``storage``, ``saker``, ``oversikt``,
``aktorkart``, ``session``). Pages, widgets and tests import the names from here and
never write a key as a bare string, so a key cannot be spelt two ways, and a search
for one name finds every place that reads or writes it.

Keys under ``<kind>.shown.`` belong to widgets that show the item's content (the
editors, the person form, the structure choices): they are forgotten whenever the item
is replaced, so those widgets show the new item and never send the old one back.
"""

from __future__ import annotations

from dataclasses import dataclass

AREAS = ("case", "municipality", "storage", "saker", "oversikt", "aktorkart", "session")
"""The first part of every key: the edited item, or the page or helper that owns it."""


def key(area: str, *parts: object) -> str:
    """A session key in the app's one scheme: ``key("case", "shown", "actors")``."""
    if area not in AREAS:
        raise ValueError(f"unknown session-key area {area!r} (see AREAS)")
    return ".".join([area, *(str(part) for part in parts)])


@dataclass(frozen=True)
class ItemKeys:
    """The keys of one kind of edited item: its content and everything kept about it.

    Parameters
    ----------
    kind : str
        ``"case"`` or ``"municipality"``, as the storage names them.
    """

    kind: str

    @property
    def content(self) -> str:
        """The item as a JSON dict (always one that passed validation)."""
        return key(self.kind, "content")

    @property
    def problems(self) -> str:
        """``(heading, problems)`` of the last refused upload, shown until the next action."""
        return key(self.kind, "problems")

    @property
    def notice(self) -> str:
        """What the last action did, shown once."""
        return key(self.kind, "notice")

    @property
    def upload(self) -> str:
        """The file uploader that opens an item from a file."""
        return key(self.kind, "upload")

    @property
    def seen_upload(self) -> str:
        """The id of the uploaded file already read (so it is read only once)."""
        return key(self.kind, "seen_upload")

    @property
    def fold_section(self) -> str:
        """Set when an item was opened: the open/new section folds on the next run."""
        return key(self.kind, "fold_section")

    @property
    def section_open(self) -> str:
        """The open/new section's expander: whether it is open (its own widget state)."""
        return key(self.kind, "section_open")

    @property
    def link(self) -> str:
        """The stored item the content came from: ``{"id", "version", "name"}``."""
        return key(self.kind, "storage", "link")

    @property
    def pending(self) -> str:
        """A stored item «Lagrede saker» asked the editing page to open."""
        return key(self.kind, "storage", "pending")

    @property
    def conflict(self) -> str:
        """A save refused because someone else saved in between (what to tell, and offer)."""
        return key(self.kind, "storage", "conflict")

    @property
    def saved(self) -> str:
        """A digest of the content as it was last saved, opened or started (nothing to lose)."""
        return key(self.kind, "saved")

    @property
    def history(self) -> str:
        """Earlier contents of this tab, newest last, for «Angre» (a bounded list)."""
        return key(self.kind, "history")

    @property
    def undone(self) -> str:
        """Contents «Angre» went back from, newest last, for «Gjør om» (emptied by an edit)."""
        return key(self.kind, "undone")

    @property
    def replacing(self) -> str:
        """A replacement waiting for the user to confirm that unsaved work may go."""
        return key(self.kind, "replacing")

    @property
    def previous_link(self) -> str:
        """The link the content had before the last :meth:`EditedItem.set_link`."""
        return key(self.kind, "storage", "previous_link")

    @property
    def take_all(self) -> str:
        """Set while «Ta inn alle endringene» brings the tables' pending edits in, one by one."""
        return key(self.kind, "taking_all")

    @property
    def table_notice(self) -> str:
        """``(table, text)``: what the last «Oppdater kartet» did, shown beside that table."""
        return key(self.kind, "table_notice")

    def confirm_delete(self, name: str) -> str:
        """The ties that go with actors removed in a table, waiting for a «Slett» confirmation."""
        return key(self.kind, "confirm_delete", name)

    @property
    def draft(self) -> str:
        """What this tab did with its draft: ``{"checked", "digest", "offer"}``."""
        return key(self.kind, "draft")

    @property
    def shown_prefix(self) -> str:
        """The start of every key of a widget that shows the item's content."""
        return key(self.kind, "shown", "")

    def shown(self, name: str) -> str:
        """A widget that shows part of the item (forgotten when the item is replaced)."""
        return key(self.kind, "shown", name)

    def widget(self, name: str) -> str:
        """Any other widget of the item's editing page (buttons, choices)."""
        return key(self.kind, name)

    def store(self, name: str) -> str:
        """A widget of the save and open controls for this kind of item."""
        return key(self.kind, "storage", name)


CASE = ItemKeys("case")
MUNICIPALITY = ItemKeys("municipality")
ITEMS = {"case": CASE, "municipality": MUNICIPALITY}

# The case editor's widgets that show the case (see ``pages/views/nettverkskart.py``).
ACTORS_EDITOR = CASE.shown("actors")
TIES_EDITOR = CASE.shown("ties")
EXAMPLE_CHOICE = CASE.widget("example_choice")
HIGHLIGHT_CHOICE = CASE.widget("highlight_choice")
SHOW_GHOSTS = CASE.widget("show_ghosts")


def person_field(name: str) -> str:
    """A field of the person form (``title``, ``alias``, ``age`` …)."""
    return CASE.shown(f"person_{name}")


def what_if_field(name: str) -> str:
    """A field of «Hva om?» (``age``, ``situation``, ``plan``)."""
    return CASE.shown(f"whatif_{name}")


# The municipality editor's widgets (see ``pages/views/kommune.py``).
MUNICIPALITY_ACTORS_EDITOR = MUNICIPALITY.shown("actors")
MUNICIPALITY_MEASURES_EDITOR = MUNICIPALITY.shown("measures")
MUNICIPALITY_CHOICE = MUNICIPALITY.widget("choice")
MUNICIPALITY_OLD_NUMBER = MUNICIPALITY.widget("old_number")
MUNICIPALITY_SHOW_MISSING = MUNICIPALITY.widget("show_missing")


def structure_choice(structure: str) -> str:
    """The yes / no / not stated choice for one structure."""
    return MUNICIPALITY.shown(f"structure_{structure}")


# The save and open controls (``pages/widgets/storage_ui.py``).
STORAGE_NOTICE = key("storage", "notice")
"""A green message to show after the next rerun, on whichever page shows it."""
STORAGE_OPENED = key("storage", "opened")
"""What the open controls just opened, for the editing page's own notice."""

# Team mode (``pages/widgets/team.py``): who is logged in in this browser tab.
TEAM_ACTOR = key("session", "team_actor")
"""The logged-in user (``graph.storage.access.Actor``); never set in local mode."""
TEAM_ACTIVE = key("session", "team_active")
"""When this tab was last used (seconds since the epoch), for the idle timeout."""
TEAM_TOUCHED = key("session", "team_touched")
"""When this tab last wrote the user's activity to the database (at most once a minute)."""
TEAM_EXPIRED = key("session", "team_expired")
"""Why this tab was logged out (a Norwegian sentence); the tab then shows only that."""

# The page «Lagrede saker» (``pages/views/saker.py``).
SAKER_SELECTED = {kind: key("saker", "selected", kind) for kind in ITEMS}
SAKER_CONFIRM_DELETE = key("saker", "confirm_delete")
SAKER_IMPORT_FILE = key("saker", "import_file")
SAKER_SEEN_IMPORT = key("saker", "seen_import")


def saker_widget(name: str, *item: object) -> str:
    """A widget of «Lagrede saker», one per kind or stored item where ``item`` is given."""
    return key("saker", name, *item)


# The page «Oversikt» (``pages/views/oversikt.py``).
OVERSIKT_CACHE = key("oversikt", "cache")
"""Folder files already read: content hash → (file, coverage or None)."""
OVERSIKT_UPLOADED = key("oversikt", "uploaded")
"""Uploaded files already read: file id → (file, entry or None) or why not read."""
OVERSIKT_UPLOAD = key("oversikt", "upload")
OVERSIKT_FOLDER = key("oversikt", "folder")
OVERSIKT_FYLKER = key("oversikt", "fylker")
OVERSIKT_DISTRICTS = key("oversikt", "districts")
OVERSIKT_SORT = key("oversikt", "sort")
OVERSIKT_RVTS = key("oversikt", "rvts")
OVERSIKT_KONFLIKTRAD = key("oversikt", "konfliktrad")
OVERSIKT_COLOUR = key("oversikt", "colour")
"""What the map of Norway is coloured by: the score or one coverage item."""
OVERSIKT_MAP = key("oversikt", "map")
"""The map of Norway; its click selection names the municipality to open."""
OVERSIKT_OPEN = key("oversikt", "open")
"""The municipality chosen in the list beside the map, to open on «Kommunens aktørkart»."""
OVERSIKT_OPEN_BUTTON = key("oversikt", "open_button")
OVERSIKT_SHOW_MAP = key("oversikt", "show_map")
OVERSIKT_SWITCH = key("oversikt", "switch_to_kommune")
"""Set while a municipality is being opened from Oversikt: the next run goes to its page."""
OVERSIKT_MAP_DOWNLOAD = {kind: key("oversikt", "map_download", kind) for kind in ("svg", "png")}

# The page «Aktørkart» (``pages/views/aktorkart.py``).
AKTORKART_QUERY = key("aktorkart", "query")
AKTORKART_SPHERES = key("aktorkart", "spheres")
AKTORKART_DETAIL = key("aktorkart", "detail")

# The whole browser tab.
DRAFT_TOKEN = key("session", "draft_token")
"""This tab's draft token (``graph.storage.drafts``), also kept in the address as ``?utkast=``."""
UPLOADED_SO_FAR = key("session", "uploaded_so_far")
"""Files and bytes this browser tab has uploaded, all pages together: ``[files, bytes]``."""
