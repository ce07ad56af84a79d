"""Tree walks as deep as the document, without recursion.

The HTML and JATS readers walk element trees whose depth the input decides (legacy HTML with a
thousand unclosed ``<font>`` tags, XML nested 2,000 levels).  Their walkers are written as
generator functions: where a recursive walker would call itself on a child, the generator
``yield``\\ s the child's walk instead, and :func:`run` drives the whole walk with an explicit
stack.  The code reads like the recursive version, the depth costs heap memory only, and
Python's recursion limit never applies.

>>> def depth(node):  # the depth of nested lists, one generator frame per level
...     deepest = 0
...     for child in node:
...         deepest = max(deepest, (yield depth(child)))
...     return deepest + 1
>>> nested = []
>>> for _ in range(100_000):
...     nested = [nested]
>>> run(depth(nested))
100001
"""
from __future__ import annotations

from typing import Any, Generator

__all__ = ["run", "Walk"]

Walk = Generator["Walk", Any, Any]
"""A walk: a generator that yields the walks of its children and returns a value."""


def run(walk: Walk) -> Any:
    """Drive ``walk`` to its end and return its value.

    Each value the running generator yields is a child walk: it runs to its end first, and
    its return value is what the parent's ``yield`` expression evaluates to (an exception in
    the child is raised at the parent's ``yield``, as a recursive call would raise it).
    """
    stack = [walk]
    value, error = None, None
    while stack:
        try:
            child = stack[-1].send(value) if error is None else stack[-1].throw(error)
        except StopIteration as done:
            stack.pop()
            value, error = done.value, None
            continue
        except BaseException as exc:  # noqa: BLE001 - handed to the parent walk, as recursion would
            stack.pop()
            if not stack:
                raise
            value, error = None, exc
            continue
        stack.append(child)
        value, error = None, None
    return value
