"""The content model: load, validate and query a content root. Knows nothing of MkDocs."""

from .entities import KIND_LABELS, KINDS, Award, AwardGrant, Department, Person, Principle, Story, Turn
from .loader import StoryCache, load
from .problems import Problem
from .site import Recipient, Site, Tag
from .slugs import fold, short_slug, slugify

__all__ = ["KINDS", "KIND_LABELS", "Award", "AwardGrant", "Department", "Person", "Principle", "Problem", "Recipient",
           "Site", "Story", "StoryCache", "Tag", "Turn", "fold", "load", "short_slug", "slugify"]
