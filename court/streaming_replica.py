"""A PostgreSQL streaming replica of a local server on a second port (pg_basebackup -R, pg_ctl), for the replica
tests (tests/cluster/test_replica.py) and the cluster bench (bench/bench_cluster.py). Not used in production,
where the replica is a server of its own (README "Many machines")."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path(os.environ.get("COURT_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


class ReplicaUnavailable(RuntimeError):
    """No server binaries, or pg_basebackup refused (replication not allowed from loopback)."""


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; the server binaries then run as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class StreamingReplica:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / "data"

    def pg_ctl(self, *args: str) -> None:
        done = subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    def start(self) -> None:
        self.pg_ctl(
            "-w",
            "-l",
            str(self.folder / "replica.log"),
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c hot_standby=on"
            # A throwaway copy: no fsync (else its start syncs the whole copied data folder first).
            " -c fsync=off",
            "start",
        )

    def stop(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "stop")

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    @classmethod
    def create(cls, host: str, port: int, user: str, replica_port: int) -> StreamingReplica:
        """Copy the server at host:port (pg_basebackup) into a temporary folder and start it as a hot standby."""
        if not (PG_BIN / "pg_basebackup").exists():
            raise ReplicaUnavailable(f"no pg_basebackup in {PG_BIN}")
        folder = Path(tempfile.mkdtemp(prefix="court-replica-"))
        folder.chmod(0o777)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        backup = subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_basebackup"),
                    "-h",
                    host,
                    "-p",
                    str(port),
                    "-U",
                    user,
                    "-D",
                    str(folder / "data"),
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                    "--no-sync",
                ]
            ),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if backup.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise ReplicaUnavailable(
                f"pg_basebackup failed (scripts/install-system-packages allows loopback "
                f"replication): {backup.stderr[-1000:]}"
            )
        # Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copied data folder has none: the replica gets
        # its own (defaults, loopback trust as the test server's).
        data = folder / "data"
        for name, text in (
            ("postgresql.conf", "hot_standby = on\n"),
            ("pg_ident.conf", ""),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
        ):
            if not (data / name).exists():
                (data / name).write_text(text)
                if os.geteuid() == 0:
                    shutil.chown(data / name, "postgres")
        replica = cls(folder, replica_port)
        try:
            replica.start()
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return replica
