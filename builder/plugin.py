"""Thin MkDocs adapter: run the pipeline, report diagnostics, hand MkDocs the generated pages.

The content folder is MkDocs' `docs_dir`, so `mkdocs serve` watches it and rebuilds when a
contributor edits an article, `sources.yml` or `explainer.md`. Nothing in it is published as
is: its files are inputs, and only generated pages reach the site.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import pagefind, pipeline
from .diagnostics import Severity
from .pages.escape import html_title
from .pages.plan import NavEntry, search_page
from .timestamps import reproducible_epoch

log = logging.getLogger("mkdocs.plugins.explainer")


class ExplainerConfig(base.Config):
    build_dir = c.Optional(c.Type(str))
    """Where generated Markdown and `report.json` go; default: `build/` beside the site folder."""
    content_language_ui = c.Type(bool, default=True)
    """Use the bundle's language for the theme's interface, when the theme knows it."""
    search = c.Choice(pagefind.SEARCH_CHOICES, default="auto")
    """`lunr`: Material's search, one index file, works from disk. `pagefind`: a chunked index
    for large bundles, needs a web server. `auto`: Pagefind for large bundles built to be hosted."""


def _nav_config(entries: tuple[NavEntry, ...]) -> list[Any]:
    """MkDocs nav from the plan; titles escaped because the theme prints them as raw HTML."""
    nav: list[Any] = []
    for entry in entries:
        if entry.children:
            nav.append({html_title(entry.title): [entry.src_uri, *_nav_config(entry.children)]})
        else:
            nav.append({html_title(entry.title): entry.src_uri})
    return nav


def _theme_knows_language(config: MkDocsConfig, language: str) -> bool:
    return any((Path(d) / "partials" / "languages" / f"{language}.html").is_file() for d in config.theme.dirs)


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.result: pipeline.BuildResult | None = None
        self.search = "lunr"  # the backend chosen for this build

    def _build_dir(self, config: MkDocsConfig) -> Path:
        if self.config.build_dir:
            return Path(config.config_file_path or ".").parent / self.config.build_dir
        # Beside the site folder, so a build of another bundle never overwrites this one's.
        return Path(config.site_dir).parent / "build"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        content = Path(config.docs_dir)
        result = pipeline.run(content)
        pipeline.write_build_folder(result, self._build_dir(config))
        for diagnostic in result.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                log.warning(str(diagnostic))
            elif diagnostic.severity is Severity.NOTE:
                log.info(str(diagnostic))
        if result.plan is None:
            errors = "\n".join(str(d) for d in result.diagnostics if d.is_error)
            raise PluginError(f"the content has errors:\n{errors}")
        self.result = result
        story = result.corpus.story
        config.site_name = html_title(story.title)
        if story.description:
            config.site_description = html_title(story.description)
        if self.config.content_language_ui and story.language and _theme_knows_language(config, story.language):
            config.theme["language"] = story.language
        config.nav = _nav_config(result.plan.nav)
        offline = "offline" in config.plugins and config.plugins["offline"].config.enabled
        self.search = pagefind.chosen_backend(self.config.search, len(result.corpus.sources), offline)
        if self.search == "pagefind":
            self._use_pagefind(config, offline)
        if offline:
            # Instant navigation fetches pages with XHR, which browsers refuse for file:// URLs.
            config.theme["features"] = [f for f in config.theme["features"] if f != "navigation.instant"]
        # Dates in sitemap.xml and gzip headers come from SOURCE_DATE_EPOCH: derive it from the
        # content, so the same content always gives byte-identical output.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(reproducible_epoch(result.corpus)))
        return config

    def _use_pagefind(self, config: MkDocsConfig, offline: bool) -> None:
        if offline:
            raise PluginError(
                "Pagefind search needs a web server (browsers refuse its fetch() from file://): "
                "build offline copies with the default search"
            )
        if "material/search" in config.plugins:
            config.plugins["material/search"].config.enabled = False
        config.extra_javascript.extend(pagefind.JAVASCRIPT)
        config.extra_css.extend(pagefind.STYLESHEETS)
        assert self.result is not None
        page = search_page(self.result.corpus)
        if config.nav is not None:
            config.nav.append({html_title(page.title): page.src_uri})

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.search == "pagefind":
            try:
                pagefind.index_site(Path(config.site_dir))
            except pagefind.PagefindError as exc:
                raise PluginError(str(exc)) from exc

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.result.plan is not None
        content = Path(config.docs_dir).resolve()
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(content):
                files.remove(file)
        for page in self.result.plan.pages:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        for path, text in self.result.downloads:
            files.append(File.generated(config, path, content=text))
        if self.search == "pagefind":
            page = search_page(self.result.corpus)
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        return files
