"""What `site-builder serve` prints is for the editor: their content's problems and what was
updated, never the engine's notes about pages we generated."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from .conftest import STORY_PATH, VALID_STORY, line_of, write
from .sitetools import wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_preview_prints_only_what_concerns_the_editor(root: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(root),
                               "--dev-addr", f"127.0.0.1:{port}"], text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "</html>", 60)
        write(root, STORY_PATH, VALID_STORY.replace("@hung: Whether", "@hung: Still, whether"))
        time.sleep(3)
        write(root, STORY_PATH, VALID_STORY.replace("kind: interview", "kind: interveiw"))
        time.sleep(3)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"Preview on http://127.0.0.1:{port}/" in output
    assert f"Updated the preview: {STORY_PATH}" in output
    assert f"{STORY_PATH}:{line_of(VALID_STORY, 'kind:')}:" in output and "interveiw" in output  # the editor's own mistake, at its line
    for noise in ("INFO", "dirty", "unrecognized relative link"):
        assert noise not in output, output
