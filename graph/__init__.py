"""Citation graphs built from the evidence store, topic tagging and graph exports.

>>> import graph
>>> sorted(graph.KINDS)
['citation', 'cocitation', 'coupling']
"""
from .build import KINDS, citation_graph, study_details
from .cluster import add_clusters, metrics
from .export import export_graph
from .view import select_view

__all__ = ["KINDS", "citation_graph", "study_details", "add_clusters", "metrics", "export_graph",
           "select_view"]
