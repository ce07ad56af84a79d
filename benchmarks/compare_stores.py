"""Two evidence stores (any two, e.g. built by two revisions or by a local and a Dask run) compared row for row: every table, every column but the times of a run.

A change that should leave extraction alone (a faster start-up, a cache, an import moved) is
checked by building a store from the same files before and after it and comparing the two:

    .venv/bin/python benchmarks/compare_stores.py BEFORE.db AFTER.db [--ignore COLUMN ...]

Every table of either store (SQLite's own and FTS shadow tables included) is read whole,
ordered by every column, and compared; the columns holding when something ran
(``applied_at``, ``extracted_at``, ``at``) are left out, and so are those named by
``--ignore``.  Prints each table's row count and, for a table that differs, the first rows
found in one store only; exit 0 when the stores are equal, 1 when not.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys

#: columns recording when a run happened, not what it extracted
TIME_COLUMNS = ("applied_at", "extracted_at", "at")


def tables(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")]


def columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute("select * from pragma_table_info(?)", (table,))]


def rows(con: sqlite3.Connection, table: str, keep: list[str]) -> list[tuple]:
    if not keep:
        return [()] * con.execute(f'select count(*) from "{table}"').fetchone()[0]
    cols = ", ".join(f'"{c}"' for c in keep)
    return con.execute(f'select {cols} from "{table}" order by {cols}').fetchall()


def compare(a_path: str, b_path: str, ignore=(), show: int = 3, out=sys.stdout) -> bool:
    """True when the stores at ``a_path`` and ``b_path`` hold the same rows (see the module)."""
    a = sqlite3.connect(f"file:{a_path}?mode=ro", uri=True)
    b = sqlite3.connect(f"file:{b_path}?mode=ro", uri=True)
    skip = set(TIME_COLUMNS) | set(ignore)
    same = True
    names_a, names_b = tables(a), tables(b)
    for name in sorted(set(names_a) | set(names_b)):
        if name not in names_a or name not in names_b:
            print(f"{name}: only in {a_path if name in names_a else b_path}", file=out)
            same = False
            continue
        cols_a, cols_b = columns(a, name), columns(b, name)
        if cols_a != cols_b:
            print(f"{name}: columns differ: {cols_a} / {cols_b}", file=out)
            same = False
            continue
        keep = [c for c in cols_a if c not in skip]
        ra, rb = rows(a, name, keep), rows(b, name, keep)
        if ra == rb:
            print(f"{name}: {len(ra)} rows, equal", file=out)
            continue
        same = False
        set_a, set_b = set(ra), set(rb)
        only_a = [r for r in ra if r not in set_b][:show]
        only_b = [r for r in rb if r not in set_a][:show]
        print(f"{name}: DIFFERENT ({len(ra)} / {len(rb)} rows)", file=out)
        for label, sample in (("only in first", only_a), ("only in second", only_b)):
            for r in sample:
                print(f"  {label}: {str(r)[:300]}", file=out)
    return same


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first")
    ap.add_argument("second")
    ap.add_argument("--ignore", nargs="*", default=[], metavar="COLUMN",
                    help="more columns to leave out of the comparison")
    a = ap.parse_args(argv)
    same = compare(a.first, a.second, a.ignore)
    print("stores equal" if same else "stores DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
