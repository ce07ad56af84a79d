"""Citation graphs built from the evidence store, topic tagging and graph exports.

>>> import graph
>>> sorted(graph.KINDS)
['citation', 'cocitation', 'coupling']

The names below are imported on first use, so ``graph.topics`` (run after every
``evidence extract``) loads without networkx, SciPy or igraph.
"""
from importlib import import_module

_WHERE = {"KINDS": ".build", "citation_graph": ".build", "study_details": ".build",
          "add_clusters": ".cluster", "metrics": ".cluster", "export_graph": ".export",
          "select_view": ".view", "shown_graph": ".shown"}

__all__ = ["KINDS", "citation_graph", "study_details", "add_clusters", "metrics", "export_graph",
           "select_view", "shown_graph"]


def __getattr__(name):
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
