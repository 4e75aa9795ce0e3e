"""Which browser session made each ``/media`` file, so a closed tab's files stop working.

Streamlit keeps a download (a case file, a map) in memory under ``/media/<id>`` and
serves it to anyone who asks, with no session, for minutes after the tab that made it
was closed: it keeps a closed session for a while in case the browser reconnects, and
deletes a download only on the second clean-up pass after that.

:class:`MediaOwners` records, for every file, the sessions that made it, by wrapping the
two public ways a file is made (``MediaFileManager.add`` for a file built in the script
run, ``execute_deferred`` for one built when its button is clicked).
:meth:`MediaOwners.available` is True only while one of those sessions is connected;
``scripts/webguard.py`` answers 404 otherwise. Nothing is deleted here: a tab that
reconnects (same session) gets its files back, and Streamlit frees the memory as before.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from typing import Any

from streamlit.runtime import Runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def file_id(url_or_name: str) -> str:
    """The file id in a ``/media`` URL or file name: the last part without extension.

    Examples
    --------
    >>> file_id("/media/4f2a9c.json"), file_id("4f2a9c.json"), file_id("4f2a9c")
    ('4f2a9c', '4f2a9c', '4f2a9c')
    """
    return os.path.splitext(url_or_name.rsplit("/", 1)[-1])[0]


class MediaOwners:
    """The sessions that made each media file, and whether one of them is still here.

    Parameters
    ----------
    is_active_session
        True while a session is connected (``Runtime.is_active_session``).
    file_exists
        True while Streamlit still holds a file (by id); files it has deleted are
        forgotten here too, so this record never outgrows Streamlit's own.
    """

    def __init__(
        self,
        is_active_session: Callable[[str], bool],
        file_exists: Callable[[str], bool] = lambda _id: True,
    ) -> None:
        self._is_active = is_active_session
        self._exists = file_exists
        self._owners: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    @classmethod
    def watch(cls, runtime: Runtime) -> MediaOwners:
        """Start recording the owners of the files of ``runtime``'s media file manager."""
        manager = runtime.media_file_mgr
        owners = cls(runtime.is_active_session, lambda id_: manager.read_file(id_) is not None)
        owners.wrap(manager)
        return owners

    def wrap(self, manager: MediaFileManager) -> None:
        """Record the session behind every file ``manager`` makes from now on."""
        add = manager.add
        execute_deferred = manager.execute_deferred

        @functools.wraps(add)
        def add_and_record(*args: Any, **kwargs: Any) -> str:
            url = add(*args, **kwargs)
            ctx = get_script_run_ctx(suppress_warning=True)
            self.record(url, ctx.session_id if ctx is not None else None)
            return url

        @functools.wraps(execute_deferred)
        def execute_and_record(deferred_id: str) -> str:
            # The button's session, as Streamlit stored it with the deferred download.
            entry = manager._deferred_callables.get(deferred_id) or {}
            url = execute_deferred(deferred_id)
            self.record(url, entry.get("session_id"))
            return url

        manager.add = add_and_record  # type: ignore[method-assign]
        manager.execute_deferred = execute_and_record  # type: ignore[method-assign]

    def record(self, url: str, session_id: str | None) -> None:
        """Note that ``session_id`` made the file at ``url``; forget files Streamlit deleted.

        A file made outside any session (``None``) has no owner and is never served.
        """
        with self._lock:
            for gone in [id_ for id_ in self._owners if not self._exists(id_)]:
                del self._owners[gone]
            if session_id is not None:
                self._owners.setdefault(file_id(url), set()).add(session_id)

    def available(self, name: str) -> bool:
        """True if a session that made the file ``name`` (``<id>.<ext>``) is connected.

        Examples
        --------
        >>> owners = MediaOwners(lambda session: session == "open-tab")
        >>> owners.record("/media/aa.json", "open-tab")
        >>> owners.record("/media/bb.json", "closed-tab")
        >>> owners.available("aa.json"), owners.available("bb.json"), owners.available("cc")
        (True, False, False)
        """
        with self._lock:
            return self._any_active(self._owners.get(file_id(name), ()))

    def _any_active(self, sessions: set[str] | tuple[()]) -> bool:
        return any(self._is_active(session) for session in sessions)
