"""The installed package carries the theme and starter files, so any content root builds."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .sitetools import REPO


def test_the_wheel_ships_theme_templates_and_starter(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "-w", str(tmp_path), str(REPO)], text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("site_builder-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("site_builder/theme/overrides/main.html",
                     "site_builder/theme/overrides/assets/site-builder/site.css",
                     "site_builder/theme/pages/story.md", "site_builder/theme/pages/_macros.html",
                     "site_builder/starter/stories/YEAR/welcome.md", "site_builder/starter/gitignore",
                     "site_builder/model/loader.py", "site_builder/scaffold_templates/story.md",
                     "site_builder/guide/editor-guide.md", "site_builder/theme/pages/feed.xml"):
        assert required in names, required
