"""``gnlc``: the one command line for every workflow of the portal.

Run ``gnlc --help`` for the list of commands and ``gnlc COMMAND --help`` for
each. The Makefile's targets are thin wrappers around these commands.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from . import languages as langs
from .paths import Project

NO_SITE_URL_WARNING = (
    "gnlc: warning: no public address (GNLC_SITE_URL or --site-url): hreflang alternates are "
    "root-relative, and no page has a canonical link and no sitemap.xml is written"
)


def _site_url(value: str) -> str:
    """The public root URL: empty, or an absolute http(s) address ending in a slash."""
    from urllib.parse import urlsplit

    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"not an absolute http(s) address: {value!r}")
    return value.rstrip("/") + "/"


def _warn_without_site_url(site_url: str) -> None:
    # Once per command: a build without a public address is fine for a preview, not for deploying.
    if not site_url:
        print(NO_SITE_URL_WARNING, file=sys.stderr, flush=True)


def _languages(values: list[str] | None) -> list[langs.Language]:
    if not values:
        return list(langs.LANGUAGES)
    try:
        return [langs.get(v) for chunk in values for v in chunk.replace(",", " ").split()]
    except KeyError as err:
        raise SystemExit(f"gnlc: {err.args[0]}") from None


def cmd_build(args) -> int:
    from .build import build, summary

    project = Project.find()
    _warn_without_site_url(args.site_url)
    results = build(project, _languages(args.lang), jobs=args.jobs, site_url=args.site_url, force=args.force,
                    pdfs=not args.no_pdf)
    print()
    print(summary(results))
    print(f"\nSite: {project.rel(project.html)}/index.html")
    return 0 if all(r.ok for r in results) else 1


def cmd_serve(args) -> int:
    from .serve import serve_and_rebuild

    _warn_without_site_url(args.site_url)
    return serve_and_rebuild(Project.find(), _languages(args.lang), args.jobs, args.site_url, args.host, args.port,
                             build_first=not args.no_build, watch=not args.no_watch, pdfs=args.pdf)


def cmd_clean(args) -> int:
    project = Project.find()
    shutil.rmtree(project.build, ignore_errors=True)
    for mo in project.locale.rglob("*.mo"):
        mo.unlink()
    print(f"removed {project.rel(project.build)}/ and compiled catalogs (*.mo)")
    return 0


def cmd_i18n_update(args) -> int:
    from .i18n import update

    project = Project.find()
    report = update(project, [l for l in _languages(args.lang) if not l.is_source])
    for path in report.created:
        print(f"created  {project.rel(path)}")
    for path in report.changed:
        print(f"updated  {project.rel(path)}")
    for path in report.obsolete:
        print(f"obsolete {project.rel(path)} (its page is gone; delete it by hand once its work is saved)")
    print(f"{len(report.created)} created, {len(report.changed)} updated, {report.unchanged} unchanged")
    return 0


def cmd_add_language(args) -> int:
    from .add_language import AddLanguageError, add_language

    try:
        add_language(Project.find(), args.code)
    except AddLanguageError as err:
        print(f"gnlc add-language: {err}\nNothing was written.", file=sys.stderr)
        return 2
    return 0


def cmd_test(args) -> int:
    import subprocess

    from .testenv import ensure_system_packages

    ensure_system_packages()
    project = Project.find()
    command = [sys.executable, "-m", "pytest", *args.pytest_args]
    return subprocess.run(command, cwd=project.root).returncode


def cmd_new_city(args) -> int:
    from .new_city import FIELDS, NEXT_STEPS, NewCityError, ask_missing, create

    project = Project.find()
    try:
        data = ask_missing({field: getattr(args, field) for field, _ in FIELDS})
        page = create(project, data)
    except NewCityError as err:
        print(f"gnlc new-city: {err}\nNothing was written.", file=sys.stderr)
        return 2
    print(NEXT_STEPS.format(page=project.rel(page), index=project.rel(project.cities / "index.md")))
    return 0


def cmd_live(args) -> int:
    import subprocess

    project = Project.find()
    lang = langs.get(args.lang)
    out = project.build / "live" / lang.gettext
    # Watch what a writer or translator edits; the compiled .mo files Sphinx
    # writes beside the PO files must not trigger another build.
    command = [
        sys.executable, "-m", "sphinx_autobuild", str(project.docs), str(out),
        "--doctree-dir", str(project.build / "doctrees" / f"live-{lang.gettext}"),
        "--define", f"language={lang.gettext}",
        "--watch", str(project.locale / lang.gettext),
        "--watch", str(project.root / "_static"),
        "--watch", str(project.root / "_templates"),
        "--ignore", "*.mo", "--ignore", "*.tmp", "--ignore", "*~",
        "--host", args.host, "--port", str(args.port), "--quiet",
    ]
    print(f"Live preview of {lang.name} ({lang.url}): http://{args.host}:{args.port}/ "
          "(rebuilds on every save; Ctrl-C to stop)", flush=True)
    try:
        return subprocess.run(command, cwd=project.root).returncode
    except KeyboardInterrupt:
        return 0


def cmd_i18n_stats(args) -> int:
    import json

    from .stats import as_json, collect

    project = Project.find()
    stats = collect(project.locale, [l for l in _languages(args.lang) if not l.is_source])
    data = as_json(stats)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    header = f"{'language / page':<34} {'done':>6} {'fuzzy':>6} {'todo':>6} {'words done':>11} {'words todo':>11}"
    print(header)
    print("-" * len(header))
    for s in stats:
        rows = [(langs.get(s.lang).name + f" ({s.lang})", s.total)]
        if args.pages:
            rows += [(f"  {page}", counts) for page, counts in s.pages.items()]
        for label, c in rows:
            print(f"{label:<34} {c.percent:>5.0f}% {c.fuzzy:>6} {c.untranslated:>6} "
                  f"{c.translated_words:>11} {c.fuzzy_words + c.untranslated_words:>11}")
    return 0


def cmd_i18n_check(args) -> int:
    from pathlib import Path

    from .i18n_check import run

    return run([Path(p) for p in args.po] or None, args.strict, Project.find())


def cmd_i18n_format(args) -> int:
    from pathlib import Path

    from .i18n import format_files

    project = Project.find()
    paths = [Path(p) for p in args.po] or sorted(project.locale.rglob("*.po"))
    changed, failed = [], 0
    for path in paths:
        try:
            changed += format_files([path])
        except ValueError as err:  # a broken file, or one polib cannot rewrite: named, left as it is
            print(f"gnlc i18n-format: {err}", file=sys.stderr)
            failed += 1
    for path in changed:
        print(f"reformatted {project.rel(path)}")
    return 1 if failed or (changed and args.check) else 0


def cmd_bench(args) -> int:
    from .bench import run, table

    project = Project.find()
    scale = tuple(int(n) for n in args.scale.split(",")) if args.scale else None
    results = run(project, quick=args.quick, scale=scale, with_lighthouse=not args.no_lighthouse)
    print()
    print(table(results))
    print(f"\nwritten to {project.rel(project.build / 'bench.json')}")
    return 0


def cmd_video(args) -> int:
    from .video import make_videos

    project = Project.find()
    for path in make_videos(project):
        print(f"wrote {project.rel(path)} ({path.stat().st_size:,} bytes)")
    return 0


def cmd_cards(args) -> int:
    from .share_cards import CardError, make_cards

    project = Project.find()
    try:
        written = make_cards(project)
    except CardError as err:
        print(f"gnlc cards: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {project.rel(path)} ({path.stat().st_size:,} bytes)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gnlc",
        description="Build, preview, translate and check the UNESCO Learning Cities portal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    def build_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", action="append", metavar="LANG",
                       help="language to build (en, fr, zh_CN...; repeat or comma-separate); default: all declared")
        p.add_argument("--jobs", type=int, default=int(os.environ.get("GNLC_JOBS", 2)),
                       help="languages built at once (default: 2, env GNLC_JOBS)")
        p.add_argument("--site-url", type=_site_url, default=os.environ.get("GNLC_SITE_URL", ""),
                       help="the site's public root URL, e.g. https://example.org/portal/ (env GNLC_SITE_URL): "
                            "absolute hreflang, canonical links, share-card URLs and sitemap.xml; without it, "
                            "root-relative alternates, no canonical link and no sitemap")

    p = add("build", cmd_build, "build the languages in parallel (warnings are errors) and publish each that succeeds")
    build_options(p)
    p.add_argument("--force", action="store_true",
                   help="run Sphinx for every language, even one whose inputs are unchanged since its last build")
    p.add_argument("--no-pdf", action="store_true", help="make no PDFs (and no links to them)")
    p = add("serve", cmd_serve,
            "build, serve the site on http://127.0.0.1:8000/ and rebuild what changes on every save")
    build_options(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    p.add_argument("--no-build", action="store_true", help="serve what is already built")
    p.add_argument("--no-watch", action="store_true", help="do not rebuild on save")
    p.add_argument("--pdf", action="store_true", help="make the PDFs too (slower rebuilds; `gnlc build` makes them)")
    p = add("i18n-update", cmd_i18n_update,
            "extract the English messages and merge them into every language's PO files")
    p.add_argument("--lang", action="append", metavar="LANG", help="only these languages (default: every translation)")
    p = add("add-language", cmd_add_language,
            "declare a language (names, direction, stemmer, fonts from CLDR) and create its catalogs")
    p.add_argument("code", help="its code: de, fa, pt_BR (or pt-BR)...")
    p = add("test", cmd_test, "install the test tools when missing (Chromium, fonts, Java) and run every test")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest, e.g. -k search -x")
    p = add("new-city", cmd_new_city, "scaffold a city case study (asks for any fact not given as an option)")
    from .new_city import FIELDS

    for field, question in FIELDS:
        p.add_argument(f"--{field}", help=question)
    p = add("live", cmd_live, "live preview of one language: rebuilds on save and reloads the browser")
    p.add_argument("--lang", default="en", help="a declared language: en, fr, zh_CN... (default: en)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p = add("i18n-check", cmd_i18n_check,
            "check PO files (syntax, MyST markup, URLs, numbers, glossary, spelling, typography); changes nothing")
    p.add_argument("po", nargs="*", help="PO files or folders (default: every catalog under locale/)")
    p.add_argument("--strict", action="store_true", help="untranslated, fuzzy, spelling and typography are errors too")
    p = add("i18n-format", cmd_i18n_format, "rewrite PO files in the project's layout (content unchanged)")
    p.add_argument("po", nargs="*", help="PO files (default: every catalog under locale/)")
    p.add_argument("--check", action="store_true", help="exit 1 if a file had to be reformatted (for pre-commit)")
    p = add("i18n-stats", cmd_i18n_stats, "translated, fuzzy and untranslated entries and words per language and page")
    p.add_argument("--lang", action="append", metavar="LANG", help="only these languages (default: every translation)")
    p.add_argument("--pages", action="store_true", help="one line per page too")
    p.add_argument("--json", action="store_true", help="print JSON (per language and per page)")
    p = add("bench", cmd_bench, "measure cold, no-op and incremental builds, page weight and scale")
    p.add_argument("--quick", action="store_true", help="smaller scale run and no Lighthouse (for CI)")
    p.add_argument("--scale", metavar="N,M", help="synthetic city counts to compare (default 30,300; quick 10,30)")
    p.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse scores")
    add("video", cmd_video, "redraw the key-figures video, its poster and English cues (needs Debian's ffmpeg)")
    add("cards", cmd_cards,
        "redraw the 1200×630 share card of each language (og:image) from the facts and the landing page's "
        "translations (needs Debian's chromium)")
    add("clean", cmd_clean, "remove the build output and compiled catalogs")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "test":  # `gnlc test -x -k search`: pytest's own options, wherever they stand
        args.pytest_args = [*extra, *args.pytest_args]
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
