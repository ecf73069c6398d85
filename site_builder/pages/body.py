"""Story bodies as the engine's Markdown: interview turns become attributed blocks.

The body stays Markdown (headings keep their anchors and the table of contents); each turn
is wrapped in an `md_in_html` block whose label is rendered by the `turn_label` template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..model import Story
from ..model.interview import segments

LabelRenderer = Callable[[Story, int], str]


def render_body(story: Story, label: LabelRenderer, names: Mapping[str, str]) -> str:
    """The body with each turn wrapped; `label(story, turn_index)` gives the speaker markup.

    `names` are the story's people as `interview.speaker_names` gives them, the same the loader
    used, so an old-style `**Name:**` paragraph is the same turn on the page as in `story.turns`."""
    lines = story.body.split("\n")
    out: list[str] = []
    turn_index = 0
    for segment in segments(story.body, names):
        chunk = lines[segment.start:segment.end]
        if segment.marker is None:
            out.extend(chunk)
            continue
        turn = story.turns[turn_index]
        first = segment.marker.text
        rest = chunk[1:]
        while rest and not rest[-1].strip():
            rest.pop()
        out.append("")  # an HTML block must start a new block, even right after a heading
        out.append(f'<div class="sb-turn sb-turn--{turn.kind}" markdown="1">')
        out.append(f'<div class="sb-turn__who" markdown="0">{label(story, turn_index)}</div>')
        out.append("")
        out.append(first)
        out.extend(rest)
        out.append("")
        out.append("</div>")
        out.append("")
        turn_index += 1
    return "\n".join(out).strip("\n") + "\n"
