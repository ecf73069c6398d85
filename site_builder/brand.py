"""The site's name and colours as plain values, for what is drawn or sent outside the theme
(share pictures, the email digest): the theme's palette names turned into the colours
mkdocs-material shows for them.
"""

from __future__ import annotations

from typing import Any

# mkdocs-material 9's `--md-primary-fg-color--dark` per primary (the shade the header uses, see
# site.css) and `--md-accent-fg-color` per accent, from its palette stylesheet.
PRIMARY = {
    "red": "#e53734", "pink": "#c3185d", "purple": "#8c24a8", "deep-purple": "#673ab6", "indigo": "#303fa1",
    "blue": "#1975d2", "light-blue": "#0287cf", "cyan": "#0097a8", "teal": "#007a6c", "green": "#398e3d",
    "light-green": "#689f38", "lime": "#b0b52c", "yellow": "#fbc02d", "orange": "#fa8900",
    "deep-orange": "#f4511f", "brown": "#5d4037", "grey": "#616161", "blue-grey": "#455a63",
    "black": "#000000", "white": "#ffffff",
}
ACCENT = {
    "red": "#ff1a47", "pink": "#f50056", "purple": "#df41fb", "deep-purple": "#7c4dff", "indigo": "#526cfe",
    "blue": "#4287ff", "light-blue": "#0091eb", "cyan": "#00bad6", "teal": "#00bda4", "green": "#00c753",
    "light-green": "#63de17", "lime": "#b0eb00", "yellow": "#ffd600", "amber": "#ffaa00",
    "orange": "#ff9100", "deep-orange": "#ff6e42",
}
DEFAULT_PRIMARY, DEFAULT_ACCENT = "indigo", "deep-orange"
RASTER_LOGO = (".png", ".jpg", ".jpeg", ".webp")


def _name(value: Any, default: str) -> str:
    return str(value or default).strip().lower().replace(" ", "-")


def colours(theme: dict[str, Any]) -> tuple[str, str]:
    """(primary, accent) as #rrggbb from the theme's (first, light) palette."""
    palette = theme.get("palette") or {}
    first = palette[0] if isinstance(palette, list) and palette else palette
    first = first if isinstance(first, dict) else {}
    primary = PRIMARY.get(_name(first.get("primary"), DEFAULT_PRIMARY), PRIMARY[DEFAULT_PRIMARY])
    accent = ACCENT.get(_name(first.get("accent"), DEFAULT_ACCENT), ACCENT[DEFAULT_ACCENT])
    return primary, accent


def logo_path(theme: dict[str, Any]) -> str:
    """The theme's logo as a path in the site (e.g. assets/logo.png), "" when none is a file."""
    logo = theme.get("logo")
    return logo.strip().lstrip("/") if isinstance(logo, str) and logo.strip() else ""
