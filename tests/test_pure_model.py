"""The content model stands alone: loading a root imports no engine, no Pillow, no sanitizer."""

from __future__ import annotations

import subprocess
import sys

from .sitetools import REPO

FORBIDDEN = ("mkdocs", "properdocs", "PIL", "markdown", "jinja2", "site_builder.media", "site_builder.html",
             "site_builder.engine", "site_builder.pages", "site_builder.pipeline")


def test_loading_the_sample_imports_nothing_beyond_the_model() -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from site_builder.model import load\n"
        f"site, problems = load(Path({str(REPO)!r}))\n"
        "assert site.stories, 'the sample has stories'\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m.startswith({FORBIDDEN!r})])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
