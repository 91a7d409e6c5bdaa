"""How long `court seed --demo` takes on a fresh PostgreSQL database, and how long a second run (which must add
nothing) takes: `python -m bench.bench_demo_seed [--runs N]`. To compare two trees, run it once per tree with
PYTHONPATH pointing at that tree (the editable install yields to it) and compare the printed medians.

Not a test: a number for the report, printed with the ratio of the second run to the first."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.databases import fresh_postgres


def _court(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import sys; from court.cli import main; sys.exit(main(sys.argv[1:]))", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    first: list[float] = []
    second: list[float] = []
    for _ in range(runs):
        with fresh_postgres("bench_demo_seed") as url, tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")}
            env |= {
                "COURT_DATABASE_URL": url,
                "COURT_STORAGE_URL": f"file:{tmp}/blobs",
                "COURT_VAR_DIR": tmp,
                "COURT_SECRET_KEY": "bench-demo-seed-secret",
            }
            _court(["migrate"], env)
            first.append(_court(["seed", "--demo"], env))
            second.append(_court(["seed", "--demo"], env))
    import court

    print(f"tree: {os.path.dirname(os.path.dirname(court.__file__))}")
    print(
        f"seed --demo on a fresh database: median {statistics.median(first):.2f} s over {runs} runs {' '.join(f'{t:.2f}' for t in first)}"
    )
    print(
        f"seed --demo again (adds nothing): median {statistics.median(second):.2f} s {' '.join(f'{t:.2f}' for t in second)}"
    )
    print(f"ratio second/first: {statistics.median(second) / statistics.median(first):.2f}")


if __name__ == "__main__":
    main()
