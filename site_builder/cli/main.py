"""`site-builder`: a thin shell over the pipeline, with exit codes CI can rely on (`exits`)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__, collector
from ..authoring import install_spec
from ..authoring.scaffold import check_init_target, init_root
from ..pipeline import lock, pipeline
from ..timings import Timings
from ..engine import runner as engine
from ..model import KINDS
from ..publish import ReleaseError, ReleaseFolder, Target
from ..validation import Checked, check
from . import digest as digest_cli
from . import edit as edit_cli
from . import fix as fix_cli
from . import exits, report, transcript
from .exits import BUSY as EXIT_BUSY
from .exits import ENGINE as EXIT_ENGINE
from .exits import INVALID as EXIT_INVALID
from .exits import OK as EXIT_OK
from .exits import USAGE as EXIT_USAGE


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds (0 or more)")
    return seconds


def _root(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is not a folder")
    return path


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="site-builder", description=__doc__.splitlines()[0])
    main.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_root(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--root", type=_root, default=Path("."), help="content root (default: .)")

    validate = commands.add_parser("validate", help="check every story and content file")
    with_root(validate)
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="'github' prints annotations for pull requests")

    build = commands.add_parser("build", help="validate, then build the site into ROOT/site")
    with_root(build)
    build.add_argument("--engine", choices=engine.ENGINES, default="mkdocs")
    build.add_argument("--format", choices=("text", "github"), default="text")
    build.add_argument("--verbose", action="store_true", help="show the engine's output")
    build.add_argument("--timings", action="store_true",
                       help="print the time and peak memory of each phase (the whole process tree)")
    build.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                       help="engine processes at once (default: one per core)")
    build.add_argument("--no-cache", action="store_true",
                       help="render every page, ignoring what the last build left in .site-builder/cache")
    build.add_argument("--wait", type=_seconds, default=pipeline.LOCK_TIMEOUT, metavar="SECONDS",
                       help="how long to wait for another build of the same root (default: 1800; "
                            f"then exit {EXIT_BUSY})")

    serve = commands.add_parser("serve", help="live preview that rebuilds as you edit")
    with_root(serve)
    serve.add_argument("--engine", choices=engine.ENGINES, default="mkdocs")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    edit_cli.add_parser(commands, with_root)

    init = commands.add_parser(
        "init", help="create a content repository in DIR (new, empty, or a fresh clone)",
        description="Writes a content root with CI that installs site-builder from --install, "
                    "pinned. Without --install: where this site-builder was installed from.")
    init.add_argument("dir", type=Path)
    init.add_argument("--install", metavar="SPEC",
                      help="where CI installs site-builder from: 'git+https://HOST/PATH.git@COMMIT' "
                           "(40 hex), 'https://HOST/site_builder-V-py3-none-any.whl#sha256=HEX', "
                           "or '--index-url https://YOUR-INDEX/simple site-builder==V'")

    new = commands.add_parser("new", help="scaffold a story, person, principle, department or award")
    things = new.add_subparsers(dest="thing", required=True, metavar="WHAT")
    story = things.add_parser("story", help="stories/YYYY/<slug>.md with every key explained")
    with_root(story)
    story.add_argument("--title")
    story.add_argument("--kind", choices=KINDS)
    story.add_argument("--principles", type=_ids, help="principle ids, comma-separated")
    story.add_argument("--people", type=_ids, help="person ids, comma-separated")
    story.add_argument("--departments", type=_ids, help="department ids, comma-separated")
    story.add_argument("--summary")
    story.add_argument("--date", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
    story.add_argument("--slug", help="the address /stories/<slug>/ (default: from the title, at most 60 characters)")
    story.add_argument("--lang", metavar="LANGUAGE", help="with --from: write the story SLUG's translation into "
                       "LANGUAGE, <story file>.LANGUAGE.md beside it")
    story.add_argument("--from", dest="from_slug", metavar="SLUG", help="the story to translate (with --lang)")
    person = things.add_parser("person", help="content/people/<id>.yml")
    with_root(person)
    person.add_argument("--name")
    person.add_argument("--role", default="")
    person.add_argument("--department", default="")
    person.add_argument("--short-name", default="")
    principle = things.add_parser("principle", help="a new entry in content/principles.yml")
    with_root(principle)
    principle.add_argument("--name")
    principle.add_argument("--summary")
    for thing, where in (("department", "content/departments.yml"), ("award", "content/awards.yml")):
        entry = things.add_parser(thing, help=f"a new entry in {where}")
        with_root(entry)
        entry.add_argument("--name")
        entry.add_argument("--summary", help="one sentence" + (" (optional)" if thing == "department" else ""))

    publish = commands.add_parser("publish", help="install ROOT/site as a new release in DIR, switch DIR/current")
    with_root(publish)
    publish.add_argument("--to", type=Path, required=True, metavar="DIR")
    rollback = commands.add_parser("rollback", help="switch DIR/current back to the previous release")
    rollback.add_argument("--to", type=Path, required=True, metavar="DIR")

    transcript.add_parser(commands)

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files for editors' tools")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="folder (default: schemas)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the files in --out are out of date")
    cms = commands.add_parser("cms-config", help="write the browser editor's config.yml (Decap CMS) from the field tables")
    with_root(cms)
    cms.add_argument("--out", type=Path, default=Path("schemas/cms-config.yml"),
                     help="file (default: schemas/cms-config.yml)")
    cms.add_argument("--check", action="store_true", help="exit 1 if --out is out of date")
    digest_cli.add_parser(commands, with_root)
    fix_cli.add_parser(commands, with_root)
    return main


def _print_problems(checked: Checked, root: Path, fmt: str) -> None:
    for line in report.lines(checked.problems, root, fmt):
        print(line)
    print(report.summary(checked.site, checked.problems), file=sys.stderr if checked.ok else sys.stdout)


def cmd_validate(args: argparse.Namespace) -> int:
    collector.for_one_run()
    checked = check(args.root, keep=True)
    _print_problems(checked, args.root, args.format)
    return EXIT_OK if checked.ok else EXIT_INVALID


def cmd_build(args: argparse.Namespace) -> int:
    timings = Timings(args.timings)
    try:
        return _build(args, timings)
    finally:
        timings.close()
        for line in timings.lines():
            print(line, file=sys.stderr)


def _build(args: argparse.Namespace, timings: Timings) -> int:
    collector.for_one_run()
    with timings.phase("load and validate"):
        checked = check(args.root, keep=not args.no_cache)
    collector.set_aside_loaded(collect_first=False)  # the site is kept to the end of the build
    if not checked.ok:
        _print_problems(checked, args.root, args.format)
        return EXIT_INVALID
    try:
        built = pipeline.build(args.root, args.engine, checked, jobs=args.jobs, use_cache=not args.no_cache,
                               lock_timeout=args.wait, waiting=lambda line: print(line, file=sys.stderr, flush=True),
                               timings=timings)
    except pipeline.BuildFailed as failed:
        print(failed.output, file=sys.stderr)
        print(f"error: {args.engine} failed; the previous site was left in place", file=sys.stderr)
        return EXIT_ENGINE
    except lock.Busy as busy:
        print(f"error: {busy}; nothing was built. Run the build again when it has finished, "
              "or give it longer with --wait SECONDS", file=sys.stderr)
        return EXIT_BUSY
    if not built.checked.ok:
        _print_problems(built.checked, args.root, args.format)
        return EXIT_INVALID
    for line in report.lines(checked.problems, args.root, args.format):
        print(line)
    print(built.engine_output if args.verbose else "\n".join(built.engine_warnings), end="", file=sys.stderr)
    reused = f", {built.reused} of {built.rendered + built.reused} pages unchanged" if built.reused else ""
    print(f"Built {len(checked.site.stories)} stories into {args.root / 'site'} with {args.engine}{reused}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.root, args.engine, args.dev_addr)


def cmd_init(args: argparse.Namespace) -> int:
    """The folder is checked first, then the install source: either refusal writes nothing."""
    try:
        check_init_target(args.dir)
        install = install_spec.resolve(args.install, __version__)
        done = init_root(args.dir, install)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except install_spec.InstallSpecError as exc:
        print(f"error: --install: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in done.kept:
        print(f"kept {path.relative_to(args.dir)}: it was already there, so init left it as it is")
    for path in done.merged:
        print(f"merged {path.relative_to(args.dir)}: added the rules for the built site")
    print(f"Created a content root in {args.dir} ({len(done.created)} files). CI installs "
          f"site-builder from {install.describe()}. Next: cd {args.dir} && git init (if it is not a clone yet), then site-builder edit: the browser editor and the preview on one address")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .new import run_new

    return run_new(args)


def _cannot_write(what: str, where: Path, error: OSError, hint: str) -> int:
    """An --out that cannot be written (a file where a folder must be, no permission): one line."""
    print(f"error: cannot write {what} to {where}: {error.strerror or error} ({error.filename}); {hint}",
          file=sys.stderr)
    return EXIT_INVALID


def cmd_schema(args: argparse.Namespace) -> int:
    from ..authoring.schemas import write_schemas

    try:
        stale = write_schemas(args.out, check=args.check)
    except OSError as error:
        return _cannot_write("the JSON Schemas", args.out, error, "give --out a folder, such as schemas")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run site-builder schema --out {args.out}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{'Checked' if args.check else 'Wrote'} the JSON Schemas in {args.out}")
    return EXIT_OK


def cmd_cms_config(args: argparse.Namespace) -> int:
    from ..cms.admin import AdminError
    from ..cms.generate import write_cms_config
    from ..project import ConfigError

    try:
        stale = write_cms_config(args.root, args.out, check=args.check)
    except AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ConfigError as exc:
        print(f"error: mkdocs.yml:{exc.line}: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        return _cannot_write("the CMS configuration", args.out, error, "give --out a file name, such as schemas/cms-config.yml")
    if args.check and stale:
        print(f"out of date: {args.out} differs from the field tables; run site-builder cms-config "
              f"--out {args.out}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{'Checked' if args.check else 'Wrote'} {args.out}")
    return EXIT_OK


def _switch_release(action: Callable[[], str]) -> int:
    """Run a release change; errors (nothing built, nothing to roll back) exit 1 with a reason."""
    try:
        done = action()
    except (ReleaseError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(done)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    target: Target = ReleaseFolder(args.to)
    return _switch_release(lambda: target.publish(args.root / "site"))


def cmd_rollback(args: argparse.Namespace) -> int:
    target: Target = ReleaseFolder(args.to)
    return _switch_release(target.rollback)


COMMANDS = {"validate": cmd_validate, "build": cmd_build, "serve": cmd_serve, "edit": edit_cli.run, "init": cmd_init,
            "new": cmd_new, "schema": cmd_schema, "publish": cmd_publish, "rollback": cmd_rollback,
            "cms-config": cmd_cms_config, "digest": digest_cli.run, "import": transcript.run,
            "fix": fix_cli.run}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return exits.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`site-builder validate | head`): the work is done; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 (the last resort; every known failure has its message)
        # A safety net, not a way to report problems: an editor's mistake gets `file:line` from
        # its check, and tests fail when this line appears. SITE_BUILDER_DEBUG=1 shows where.
        if os.environ.get("SITE_BUILDER_DEBUG") == "1":
            raise
        doing = " ".join(filter(None, (args.command, getattr(args, "thing", None))))
        detail = " ".join(str(error).split())[:300]
        print(f"site-builder: internal error while running '{doing}': {type(error).__name__}: {detail} "
              "— please report it (SITE_BUILDER_DEBUG=1 shows the traceback)", file=sys.stderr)
        return exits.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
