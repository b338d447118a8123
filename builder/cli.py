"""Thin command line: `explainer build | check | serve`.

Exit codes: 0 ok, 1 content errors, 2 usage or configuration errors.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import pipeline
from .archive import write_zip
from .diagnostics import Diagnostic
from .pagefind import SEARCH_CHOICES

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _print(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _mkdocs_config(config_file: Path, content: Path, site_dir: Path) -> object:
    from mkdocs.config import load_config  # heavy: only for commands that render

    return load_config(str(config_file), docs_dir=str(content.resolve()), site_dir=str(site_dir.resolve()))


@contextlib.contextmanager
def _quiet_mkdocs(verbose: bool) -> Iterator[None]:
    logging.basicConfig(format="%(levelname)-7s - %(message)s", level=logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose else logging.WARNING)
    yield


def _escape_property(value: str) -> str:
    """GitHub workflow-command property escaping: a file name must not add properties."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _github(diagnostic: Diagnostic, content: Path) -> str:
    """A GitHub Actions workflow command: shows the problem on the pull request's diff."""
    level = {"error": "error", "warning": "warning", "note": "notice"}[diagnostic.severity.value]
    where = [f"file={_escape_property((content / diagnostic.at.path).as_posix())}"]
    if diagnostic.at.line:
        where += [f"line={diagnostic.at.line}", f"col={diagnostic.at.column or 1}"]
    message = diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {','.join(where)},title={diagnostic.code}::{message}"


def _check(args: argparse.Namespace) -> int:
    result = pipeline.run(args.content)
    if args.format == "github":
        for diagnostic in result.diagnostics:
            print(_github(diagnostic, args.content))
    else:
        _print(result.diagnostics)
    counts = Counter(d.severity.value for d in result.diagnostics)
    print(
        f"{len(result.corpus.sources)} sources checked: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['note']} notes",
        file=sys.stderr,
    )
    return EXIT_OK if result.ok else EXIT_CONTENT


@contextlib.contextmanager
def _mkdocs_options(args: argparse.Namespace) -> Iterator[None]:
    """mkdocs.yml reads the build's options from the environment (`!ENV`): set them for this
    build only, so a later build in the same process (tests, tools) does not inherit them."""
    wanted: dict[str, str] = {}
    if getattr(args, "offline", False):
        wanted["EXPLAINER_OFFLINE"] = "true"  # the offline plugin
    if args.search is not None:
        wanted["EXPLAINER_SEARCH"] = args.search  # the explainer plugin's search backend
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(args: argparse.Namespace) -> int:
    if args.offline and args.search == "pagefind":
        print(
            "error: --search pagefind needs a web server (browsers refuse its fetch() from file://); "
            "offline copies use the default search",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with _mkdocs_options(args):
        return _build_site(args)


def _build_site(args: argparse.Namespace) -> int:
    """Build into a fresh folder and swap it in only on success: a failed build keeps the old site."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    result = pipeline.run(args.content)
    _print(result.diagnostics)
    if not result.ok:
        print(f"build stopped: the content has errors; {args.site_dir} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    site_dir: Path = args.site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    # mkdtemp makes a private (0700) folder; the published site must be readable like any other.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    try:
        with _quiet_mkdocs(args.verbose):
            config = _mkdocs_config(args.config, args.content, staging)
            build(config)  # type: ignore[arg-type]
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {exc}\n{site_dir} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    index = (site_dir / "index.html").resolve()
    print(f"Site built from {len(result.corpus.sources)} sources: open {index.as_uri()}")
    if args.offline:
        archive = write_zip(site_dir, site_dir.with_name(f"{site_dir.name}.zip"))
        print(f"Offline copy: {archive} (unzip, then open index.html)")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    with _mkdocs_options(args), _quiet_mkdocs(args.verbose):
        logging.getLogger("mkdocs").setLevel(logging.INFO)
        serve(str(args.config), docs_dir=str(args.content.resolve()), dev_addr=args.dev_addr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .export import model_json, schema_json

    if args.schema:
        text = schema_json()
    else:
        result = pipeline.run(args.content)
        _print(result.diagnostics)
        if not result.ok:
            return EXIT_CONTENT
        text = model_json(result.corpus)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_scores, load_gold

    gold = load_gold(args.gold)
    content = args.content if args.content_given else Path(gold.bundle)
    result = pipeline.run(content)
    if not result.ok:
        _print(result.diagnostics)
        return EXIT_CONTENT
    print(f"{content}: {len(result.corpus.sources)} sources, gold {args.gold}")
    print(format_scores(evaluate(result.corpus, gold), details=args.details))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--verbose", action="store_true", help="show debug logs and tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            help="folder with a sources/ subfolder of .txt articles (default: content)",
        )
        command.add_argument(
            "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)"
        )
        command.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return command

    build = add("build", "build the site")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument(
        "--offline",
        action="store_true",
        help="a site that works opened from disk (file://), plus a zip of it beside the folder",
    )
    build.add_argument(
        "--search",
        choices=SEARCH_CHOICES,
        help="lunr: one index, works opened from disk; pagefind: a chunked index for large bundles, "
        "needs a web server; auto (default): pagefind above 300 sources unless --offline",
    )
    build.set_defaults(run=_build)
    check = add("check", "check the content and report problems as path:line:col")
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: GitHub Actions annotations on standard output",
    )
    check.set_defaults(run=_check)
    export = add("export", "write the extracted model as JSON")
    export.add_argument("--format", choices=["json"], default="json", help="output format (default: json)")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--schema", action="store_true", help="write the JSON Schema of the export instead")
    export.set_defaults(run=_export)
    evaluate = add("evaluate", "score extraction against a gold file (tests/gold/)")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold YAML file")
    evaluate.add_argument("--details", action="store_true", help="list misses and false positives")
    evaluate.set_defaults(run=_evaluate)
    serve = add("serve", "serve the site and rebuild when content changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--search", choices=SEARCH_CHOICES, help="as for build")
    serve.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(raw)
    args.content_given = "--content" in raw
    args.verbose = args.verbose or os.environ.get("EXPLAINER_VERBOSE") == "1"
    # Material's end-of-life banner is known (see README, "Dependencies"); not news on every build.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not args.content.is_dir():
        print(f"error: content folder {args.content} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if args.command in {"build", "serve"} and not args.config.is_file():
        print(f"error: MkDocs configuration {args.config} not found (use --config)", file=sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.run(args)
    except Exception as exc:
        if args.verbose:
            raise
        print(f"error: {type(exc).__name__}: {exc} (run with --verbose for a traceback)", file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
