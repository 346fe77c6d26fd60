"""What changed, and when: the city's files at each commit, compared entry by entry.

Each revision of a tracked file is read with the same strict loader and models as the
current files, and reduced to the facts the site follows (a recommendation's status, due
date and owner; a risk's status; an indicator's latest value). Facts are compared, never
lines, so reordering or reformatting the YAML is not a change. A revision that does not
load or validate is left out, with a note naming its commit: history cannot be edited, so
it never fails a build. Facts are kept in a cache keyed by blob id (a hash of the file's
bytes), so a rebuild reads and parses only the revisions it has not seen.

    change    Change, Timeline, and how the What has changed page groups them
    facts     the followed facts of one revision of a file
    compare   the revisions compared, oldest first
    store     the history cache (JSON)
    load      timeline: the history of a city folder
"""

from .change import KINDS, Change, Subject, Timeline, grouped, summary
from .facts import TRACKED, Facts, file_facts, whole_file_facts
from .load import timeline

__all__ = [
    "KINDS",
    "TRACKED",
    "Change",
    "Facts",
    "Subject",
    "Timeline",
    "file_facts",
    "grouped",
    "summary",
    "timeline",
    "whole_file_facts",
]
