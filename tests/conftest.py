"""Shared fixtures: the repo's paths and a helper that builds a site with the real CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from builder import cli
from tests.support.paths import MKDOCS_YML, SEED_CONTENT

BuildSite = Callable[..., Path]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def run_build(content: Path, site_dir: Path) -> int:
    return cli.main(["build", "--content", str(content), "--site-dir", str(site_dir), "--config", str(MKDOCS_YML)])


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """Build `content` into a fresh folder under tmp_path and return the site folder."""

    def build(content: Path, name: str = "site") -> Path:
        site = tmp_path / name / "site"
        assert run_build(content, site) == 0, f"build of {content} failed"
        return site

    return build


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built once per test session (read-only for tests)."""
    site = tmp_path_factory.mktemp("seed") / "site"
    assert run_build(SEED_CONTENT, site) == 0
    return site


@pytest.fixture
def bundle(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write a content bundle from {relative path: text or bytes} and return its folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "content"
        shutil.rmtree(root, ignore_errors=True)
        for name, data in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        return root

    return make
