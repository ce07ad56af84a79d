"""The evidence store: a SQLite database with a documented schema (the SQL contract).

>>> from corpus import Store
>>> store = Store(":memory:")
>>> store.documents()
[]
"""
from .store import SaveResult, Store

__all__ = ["Store", "SaveResult"]
