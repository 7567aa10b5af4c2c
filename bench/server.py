"""Serve a generated corpus on 127.0.0.1 from a child process.

Why a child process: the fetch benchmark measures the client. A server thread in the same
interpreter would compete with it for the GIL and make the client look slower than it is.
The server is the project's own sample server pointed at the corpus folder, so feeds get
``@@BASE@@`` rendered and responses carry ETag/Last-Modified like the sample site.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import TracebackType

REPO = Path(__file__).resolve().parent.parent


class CorpusServer:
    """``with CorpusServer(root) as server: server.base_url``; stopping closes the child's stdin."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "bench.server", str(self.root)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self._proc.kill()
            raise RuntimeError(f"benchmark server did not start (said {line!r})")
        self.base_url = line

    def stop(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def __enter__(self) -> CorpusServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from conflictwatch.sample.server import serve

    server = serve(root=Path(argv[0]), host="127.0.0.1", port=0)
    print(server.base_url, flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin (or dies)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
