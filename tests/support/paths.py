"""Where things are in the repository, for tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_CONTENT = REPO / "content"
MKDOCS_YML = REPO / "mkdocs.yml"
