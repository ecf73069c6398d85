"""Culture and recognition microsites: one Markdown file per story, built with mkdocs-material."""

__version__ = "0.1.0"
