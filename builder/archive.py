"""A reproducible zip of a built site: sorted entries, fixed timestamps, fixed permissions."""

from __future__ import annotations

import zipfile
from pathlib import Path

# 1980-01-01, the earliest time a zip entry can carry: the same site always gives the same bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(folder: Path, target: Path) -> Path:
    """Zip `folder` (its contents under a top-level folder of the same name) into `target`."""
    partial = target.with_name(f".{target.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{file.relative_to(folder).as_posix()}", FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.read_bytes())
    partial.replace(target)
    return target
