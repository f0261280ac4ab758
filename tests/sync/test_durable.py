"""Kill the database server mid-sync: every batch anyone saw stored is still
there after crash recovery, and the cursor still matches what is stored.

A throwaway PostgreSQL cluster (initdb and pg_ctl from the Debian packages, a
temporary directory, a port of its own; never the shared server) is started
for the test. Its WAL writer is slowed to 10 s, so a commit that did not wait
for the disk (synchronous_commit off) would be lost by the crash: the test
fails if the sync ever stops making its writes durable."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.sync.feeds import API_KEY, GeneratedYouTube

ROOT = Path(__file__).resolve().parents[2]
TOTAL = 3000
BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))

pytestmark = pytest.mark.skipif(not BINARIES, reason="PostgreSQL's initdb is not installed")


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.bin = Path(BINARIES[-1]).parent
        self.folder = folder
        self.data = folder / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/bedside"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        # initdb refuses to run as root: run the server as the postgres user then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120, check=True)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on "
                   "-c synchronous_commit=on -c wal_writer_delay=10000ms")
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
                 "-w", "start")

    def crash(self) -> None:
        """SIGKILL the postmaster and every backend: a power cut, as far as
        the server's memory is concerned."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = [int(p) for p in subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True,
                                                   text=True).stdout.split()]
        for pid in [postmaster, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{pid}").exists() for pid in [postmaster, *children]):
            assert time.monotonic() < deadline, "the killed server did not go away"
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(([*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                         str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="bedside-durable-"))
    server = Cluster(folder)
    try:
        server.init()
        server.start()
        with psycopg.connect(server.url.replace("/bedside", "/postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bedside")
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def bedside(cluster: Cluster, *args: str, stdin: bool = False, base_url: str = "") -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": cluster.url, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
           "BEDSIDE_DATA_DIR": str(cluster.folder / "bedside")}
    env.pop("BEDSIDE_YOUTUBE_TOKEN", None)
    env.pop("BEDSIDE_API_BASE_YOUTUBE", None)
    if base_url:
        env["BEDSIDE_API_BASE_YOUTUBE"] = base_url
    return subprocess.Popen([sys.executable, "-m", "bedside.cli", *args], env=env,
                            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def done(process: subprocess.Popen[str], stdin: str = "") -> str:
    output = process.communicate(stdin or None, timeout=300)[0]
    assert process.returncode == 0, output
    return output


def stored(url: str) -> tuple[int, str]:
    with psycopg.connect(url, connect_timeout=5) as conn:
        count = conn.execute("SELECT count(*) FROM inbox_message").fetchone()
        cursor = conn.execute("SELECT value FROM sync_cursor WHERE stream = 'messages'").fetchone()
    return (count[0] if count else 0), (cursor[0] if cursor else "")


def test_what_a_sync_stored_survives_the_database_being_killed(cluster: Cluster, standin) -> None:
    GeneratedYouTube(channels=1, comments=TOTAL, delay=0.05).register(standin)
    done(bedside(cluster, "migrate"))
    done(bedside(cluster, "org", "add", "Riverbend Health"))
    done(bedside(cluster, "channel", "add", "Riverbend Health", "youtube", "gen0000"))
    done(bedside(cluster, "channel", "credentials", "Riverbend Health", "youtube", "gen0000", "--token-stdin",
                 stdin=True), API_KEY + "\n")

    sync = bedside(cluster, "sync", "--org", "Riverbend Health", base_url=standin.base_url("youtube"))
    seen = 0
    deadline = time.monotonic() + 120
    while seen < 1000:  # two batches committed, so the third is in flight when the server dies
        assert sync.poll() is None, f"the sync ended before the server could be killed: {sync.communicate()[0]}"
        assert time.monotonic() < deadline, "the sync stored too little within two minutes"
        seen = stored(cluster.url)[0]
        time.sleep(0.01)
    cluster.crash()
    sync.communicate(timeout=120)  # it fails: its database is gone

    cluster.start()  # crash recovery replays the WAL
    after, cursor = stored(cluster.url)
    assert after >= seen, f"{seen - after} message(s) seen stored before the crash were lost"
    assert cursor == f"p{after}", "the cursor must be exactly the batches stored with it"
