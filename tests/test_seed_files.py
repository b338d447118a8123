"""The bundled seed articles are byte-for-byte copies of the scraped originals."""

import hashlib
import json
from pathlib import Path

from tests.support.paths import SEED_CONTENT

# sha256 of ../shared/seeds/*.txt as handed to the project.
SEED_SHA256 = {
    "000_b552c2c3d6dd6ff1.txt": "422d5b845df08b9622c66f514e4491ce0f82ee838393b536012bd66e63d0fb30",
    "001_252420a67f3c89ef.txt": "5d00cd1bab52f06df62ba888585571ff3493ad9f129c269ebb1ec4aa5dcb1e60",
    "002_8728f98c310d0c69.txt": "4406b878d4a011cc2711c95c4bee1ef5065a8bcc607046c44cb45a0a6b9a35c3",
    "003_8cc1f86e64e8e9eb.txt": "f95906eca234e813497228756b83a516f2c922fe707cfab57c4988d384c68c25",
    "004_5edefcecc02ee30f.txt": "8830dc5f50643c13a851fd09151c07a603d8ae8fff04401f6a76f7dbfa944af2",
}


def test_seed_articles_are_unchanged() -> None:
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (SEED_CONTENT / "sources").glob("*.txt")}
    assert found == SEED_SHA256


def test_build_report_records_each_file_hash(seed_site: Path) -> None:
    report = json.loads((seed_site.parent / "build" / "report.json").read_text(encoding="utf-8"))
    recorded = {s["path"].removeprefix("sources/"): s["sha256"] for s in report["sources"]}
    assert recorded == SEED_SHA256
    inputs = {i["path"] for i in report["inputs"]}
    assert {f"sources/{name}" for name in SEED_SHA256} <= inputs
