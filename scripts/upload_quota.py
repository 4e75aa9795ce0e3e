"""How much one browser session may keep in Streamlit's upload store at a time.

The pages read each uploaded file once and free it (``pages/widgets/ui.py``), and count
what a tab has read against :data:`graph.format.limits.MAX_SESSION_UPLOAD_BYTES` and
:data:`graph.format.limits.MAX_SESSION_UPLOAD_FILES`. A file sent straight to
``/_stcore/upload_file/<session>/<file>`` without a widget to read it stays in the store
until the tab closes; :class:`UploadQuota` tells ``scripts/webguard.py`` to refuse the
next upload of a session that already holds the limit there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from streamlit.runtime import Runtime
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from graph.format.limits import MAX_SESSION_UPLOAD_BYTES, MAX_SESSION_UPLOAD_FILES


class UploadQuota:
    """Whether a session may upload one more file.

    Parameters
    ----------
    stored
        Returns the files the upload store holds for a session id (file id → record).
    max_bytes, max_files
        What one session may hold in the store at once.

    Examples
    --------
    >>> from streamlit.runtime.uploaded_file_manager import UploadedFileRec
    >>> store = {"tab": {"a": UploadedFileRec("a", "a.json", "application/json", b"12345")}}
    >>> quota = UploadQuota(lambda session: store.get(session, {}), max_bytes=5, max_files=9)
    >>> quota.allows("tab"), quota.allows("other-tab")
    (False, True)
    """

    def __init__(
        self,
        stored: Callable[[str], Mapping[str, UploadedFileRec]],
        max_bytes: int = MAX_SESSION_UPLOAD_BYTES,
        max_files: int = MAX_SESSION_UPLOAD_FILES,
    ) -> None:
        self._stored = stored
        self.max_bytes = max_bytes
        self.max_files = max_files

    @classmethod
    def of(cls, runtime: Runtime) -> UploadQuota:
        """The quota over ``runtime``'s in-memory upload store."""
        manager = runtime.uploaded_file_mgr

        def stored(session_id: str) -> dict[str, UploadedFileRec]:
            with manager._lock:  # the store's own lock: uploads arrive on other threads
                return dict(manager.file_storage.get(session_id, {}))

        return cls(stored)

    def allows(self, session_id: str) -> bool:
        """True while the session holds less than the limit in the store."""
        files = self._stored(session_id)
        held = sum(len(record.data) for record in files.values())
        return len(files) < self.max_files and held < self.max_bytes
