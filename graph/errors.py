"""Coded errors of the graph package (codes E070-E079).

code   meaning
E070   unknown graph kind or topic name
E071   unknown output format (the message lists the supported ones)
E072   nothing to draw: the store has no citations (run ``evidence extract`` first)
E073   a topics file (``--topics FILE``) or ``--add-topic`` that cannot be used: the message
       names the file, the topic and the key
"""
from __future__ import annotations

from extractor.errors import EvidenceError

__all__ = ["GraphError", "UnknownFormat", "EmptyGraph", "TopicFileError"]


class GraphError(EvidenceError):
    """A graph request that cannot be served (bad kind, unknown topic)."""

    code = "E070"


class UnknownFormat(GraphError):
    code = "E071"


class EmptyGraph(GraphError):
    code = "E072"


class TopicFileError(GraphError):
    code = "E073"
