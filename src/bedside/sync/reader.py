"""Read a stream's pages in a second thread, ahead of the writes.

The reader fetches, parses and prepares (converts, encrypts) each page while
the main thread writes the batch before it, so the network, the Python work
and the database overlap instead of taking turns. It reads only as far ahead
as the main thread allows (``allow``): one page while each could be the last
one wanted — a sync that stops at the first page it already has must not
have paid for the next — and a whole batch ahead once the pages are
all new. The reader touches the network client and no database connection.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from bedside.networks.records import Page

Read = Callable[[str | None], tuple[Page[Any], Any]]


class Reader:
    def __init__(self, read: Read, cursor: str | None, *, name: str) -> None:
        self._read = read
        self._cursor = cursor
        self._pages: queue.SimpleQueue[tuple[str | None, Page[Any], Any] | BaseException] = queue.SimpleQueue()
        self._permits = threading.Semaphore(0)
        self._allowed = 0  # pages the reader may read beyond those taken
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> Reader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._permits.release()  # wake it if it waits for a permit
        self._thread.join()

    def allow(self, ahead: int) -> None:
        """Let the reader be up to ``ahead`` pages ahead of what was taken."""
        while self._allowed < ahead:
            self._allowed += 1
            self._permits.release()

    def take(self) -> tuple[str | None, Page[Any], Any]:
        """The next page: (the cursor it was read at, the page, its prepared rows)."""
        item = self._pages.get()
        if isinstance(item, BaseException):
            raise item
        self._allowed -= 1
        return item

    def _run(self) -> None:
        cursor = self._cursor
        seen = {cursor}
        while True:
            self._permits.acquire()
            if self._stopped.is_set():
                return
            try:
                page, prepared = self._read(cursor)
            except BaseException as exc:  # handed to the main thread, which decides
                self._pages.put(exc)
                return
            self._pages.put((cursor, page, prepared))
            following = page.next_cursor
            if following is None or following in seen:  # a cursor sent before would loop
                return
            seen.add(following)
            cursor = following
