"""`site-builder digest`: write (and with --send, deliver) the email digest of a period."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from ..pipeline import pipeline
from ..digest.compose import DigestError, compose, message
from ..digest.send import PREFIX, VARIABLES, SendError, send, sender, settings
from ..engine.config import ConfigError
from ..faults import explain, write_atomically
from ..validation import check
from . import report
from .exits import INVALID, OK, USAGE


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def add_parser(commands: Any, with_root: Any) -> None:
    env = "\n".join(f"  {PREFIX}{name}: {help}" for name, help in VARIABLES.items())
    digest = commands.add_parser(
        "digest", help="write the email digest of a period (.eml); --send delivers it",
        epilog=f"--send reads the SMTP settings from the environment:\n{env}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    with_root(digest)
    digest.add_argument("--since", type=_day, required=True, metavar="YYYY-MM-DD", help="first day (included)")
    digest.add_argument("--until", type=_day, default=None, metavar="YYYY-MM-DD",
                        help="last day (included; default: today)")
    digest.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="where to write the message (default: digest-SINCE-UNTIL.eml; "
                             "digest-SINCE-UNTIL.LANGUAGE.eml on a site in several languages)")
    digest.add_argument("--lang", default=None, metavar="LANGUAGE",
                        help="the language of the readers it is for, one of the site's languages "
                             "(extra.site_builder.languages; default: the first): translated stories, "
                             "links to that language's pages, the text in it. One message is one "
                             "language; for a site in two, run it once per language, each with its "
                             "own --out and SITE_BUILDER_SMTP_TO list")
    digest.add_argument("--send", action="store_true", help="deliver it over SMTP (nothing is sent without it)")


def run(args: argparse.Namespace) -> int:
    until = args.until or dt.datetime.now(dt.timezone.utc).date()
    checked = check(args.root)
    if not checked.ok or checked.project is None:
        for line in report.lines(checked.problems, args.root, "text"):
            print(line)
        print(report.summary(checked.site, checked.problems))
        return INVALID
    languages = checked.site.languages
    lang = args.lang or languages[0]
    if lang not in languages:
        print(f"error: --lang {lang}: {lang!r} is not one of the site's languages ({', '.join(languages)})",
              file=sys.stderr)
        return USAGE
    try:
        page_settings = checked.project.settings
        digest = compose(checked.site, page_settings, args.since, until, lang)
        smtp = settings(os.environ) if args.send else None
        from_address = smtp.sender if smtp else sender(os.environ)
    except (DigestError, SendError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    msg = message(digest, from_address, list(smtp.to) if smtp else [], page_settings.url)
    suffix = f".{lang}" if len(languages) > 1 else ""  # the languages' messages side by side
    out = args.out or Path(f"digest-{args.since}-{until}{suffix}.eml")
    data = msg.as_bytes()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(out, data)
    except OSError as error:
        print(f"error: {explain(error, 'write the digest to', out, len(data))}; nothing was written or sent",
              file=sys.stderr)
        return INVALID
    print(f"Wrote {out}: {len(digest.entries)} stories and {len(digest.recipients)} award recipients "
          f"from {args.since} to {until}" + (f", in {lang}" if len(languages) > 1 else ""))
    if smtp is None:
        return OK
    if not digest.entries:
        print("Nothing sent: there are no new stories in this period")
        return OK
    try:
        send(msg, smtp)
    except SendError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    print(f"Sent to {', '.join(smtp.to)} through {smtp.host}:{smtp.port}")
    return OK
