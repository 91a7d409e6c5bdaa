"""Where ../shared is: beside the checkout (CI lays a copy there), else the workspace's copy."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = (ROOT.parent / "shared", Path("/work/shared"))
SHARED = next((p for p in _CANDIDATES if (p / "corpus").is_dir()), _CANDIDATES[0])
CORPUS = SHARED / "corpus"
