"""The Jinja2 environment that turns page specs into Markdown.

Templates live in `builder/pages/templates/` and may be overridden, file by file, by a
`templates/` folder in the content bundle. Every value that comes from an article passes
through `md_text`; templates never mark article text safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from .escape import md_text, md_url


def _unknown(context: Mapping[str, Any]) -> str:
    return f"*{context['t']('unknown')}*"


@jinja2.pass_context
def date_label(context: Mapping[str, Any], value: dt.datetime | dt.date | None) -> str:
    """Dates as ISO 8601, with the time zone when the source gave one; never locale-dependent."""
    if value is None:
        return _unknown(context)
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
        offset = value.strftime("%z")
        return f"{text} (UTC{offset[:3]}:{offset[3:]})" if offset else text
    return value.isoformat()


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


@jinja2.pass_context
def or_unknown(context: Mapping[str, Any], value: object) -> str:
    return _unknown(context) if value is None or value == "" else md_text(value)


def environment(overrides: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.FileSystemLoader(Path(__file__).parent / "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # we emit Markdown, not HTML: escaping is md_text's job
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md_text=md_text, md_url=md_url, date_label=date_label, percent=percent, or_unknown=or_unknown)
    return env
