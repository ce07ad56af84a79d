"""The ``evidence`` command line: thin commands over :mod:`extractor`, :mod:`corpus`, :mod:`graph`.

This is the only module that imports click.  Each command parses its options, calls one library
function and prints: data to stdout, progress/warnings/counts to stderr.

Exit codes are a contract: 0 ok; 1 runtime error (``Error: [E0xx] message: next step``, never a
traceback for a user mistake); 2 usage error; 3 ``evidence check`` found inconsistencies.

Layout (append new commands at the end, one section each):
shared helpers and decorators, the group, then one section per command.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import sys

import click

from extractor import recache as _recache

# The command's process (and the workers it forks) takes the patterns ``re`` compiles from the
# disk cache of an earlier run.  Only the command does: importing the ``extractor`` library
# leaves ``re`` as it is (a program may call :func:`extractor.recache.install` itself).
_recache.install()

from extractor.errors import EvidenceError  # noqa: E402

# --------------------------------------------------------------------------------------------
# Shared helpers and decorators
# --------------------------------------------------------------------------------------------
FORMATS = ("table", "json", "nl", "csv", "tsv")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("trialevidence")
    except PackageNotFoundError:  # running from a checkout without installing
        import extractor

        return extractor.__version__


def _print_version(ctx, _param, value) -> None:
    """``--version``: the version is looked up only when asked (start-up stays light)."""
    if value and not ctx.resilient_parsing:
        click.echo(f"evidence, version {_version()}")
        ctx.exit()


def db_option(fn):
    """``--db PATH`` (envvar ``EVIDENCE_DB``, default ``./evidence.db``) as ``db_path``."""
    return click.option(
        "--db", "db_path", envvar="EVIDENCE_DB", default="evidence.db", show_default=True,
        type=click.Path(dir_okay=False),
        help="The evidence store (a SQLite file); also $EVIDENCE_DB.")(fn)


def output_options(fn):
    """``--table`` (default), ``--json``, ``--nl``, ``--csv``, ``--tsv`` as ``fmt``."""
    for flag, value, text in reversed((
        ("--table", "table", "Output an aligned table (default)."),
        ("--json", "json", "Output a JSON array of objects."),
        ("--nl", "nl", "Output newline-delimited JSON."),
        ("--csv", "csv", "Output CSV with a header row."),
        ("--tsv", "tsv", "Output TSV with a header row."),
    )):
        fn = click.option(flag, "fmt", flag_value=value, default=value == "table",
                          help=text)(fn)
    return fn


# Text that reaches a terminal never carries its control characters (escape sequences in a file
# name or a title could rewrite the screen or the window title): human-readable output goes
# through ``echo`` (control characters shown as \xNN), JSON through ``json_text`` (escaped as
# \u00NN, the same data), CSV/TSV through corpus.output.CsvWriter.
_JSON_CONTROL = {c: f"\\u{c:04x}" for c in range(0x7f, 0xa0)}


def echo(text: str = "", err: bool = False) -> None:
    """``click.echo`` of human-readable text, control characters made visible."""
    from corpus.output import terminal_safe

    click.echo(terminal_safe(text), err=err)


def json_text(obj, **kw) -> str:
    """``json.dumps`` (non-ASCII kept) with every control character escaped."""
    return json.dumps(obj, ensure_ascii=False, **kw).translate(_JSON_CONTROL)


def emit(columns: list[str], rows: list[tuple | list | dict], fmt: str) -> None:
    """Print ``rows`` (tuples in ``columns`` order, or dicts) to stdout as ``fmt``."""
    rows = [tuple(r[c] for c in columns) if isinstance(r, dict) else tuple(r) for r in rows]
    out = sys.stdout
    if fmt in ("json", "nl"):
        objs = [json_text(dict(zip(columns, r)), default=str) for r in rows]
        if fmt == "nl":
            for o in objs:
                click.echo(o)
        else:
            click.echo("[" + ",\n ".join(objs) + "]")
    elif fmt in ("csv", "tsv"):
        from corpus.output import CsvWriter

        CsvWriter(out, columns, dialect="excel-tab" if fmt == "tsv" else "excel").writerows(rows)
    else:
        from tabulate import tabulate  # sqlite-utils' own table renderer

        # numbers align right; text that merely looks numeric ("0012", "1e5") stays as written
        text_cols = [i for i in range(len(columns))
                     if any(isinstance(r[i], (str, bytes)) for r in rows)]
        echo(tabulate(rows, headers=columns, tablefmt="simple", missingval="",
                      disable_numparse=text_cols or False))


def optional_hook(module: str, function: str):
    """``module.function`` when that module is installed, else None (errors inside propagate)."""
    if importlib.util.find_spec(module) is None:
        return None
    return getattr(importlib.import_module(module), function, None)


class EvidenceGroup(click.Group):
    """Turns every coded :class:`~extractor.errors.EvidenceError` into ``Error: …`` exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EvidenceError as exc:
            from corpus.output import terminal_safe

            raise click.ClickException(terminal_safe(str(exc))) from exc


# --------------------------------------------------------------------------------------------
# The group
# --------------------------------------------------------------------------------------------
@click.group(cls=EvidenceGroup)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def cli():
    """Turn clinical-trial literature into a SQLite evidence store, offline.

    \b
    evidence extract papers/             # read PDFs, HTML, JATS XML, text into ./evidence.db
    evidence documents                   # what is stored
    evidence show 1                      # one document: design, arms, outcomes, effects
    evidence sql "select * from effects_view"
    """


def main(argv=None):
    """Console entry point ``evidence``."""
    return cli.main(args=argv, prog_name="evidence")


# --------------------------------------------------------------------------------------------
# evidence extract
# --------------------------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--force", is_flag=True, help="Re-extract files whose bytes are already stored.")
@click.option("--strict", is_flag=True, help="Stop at the first file that fails (exit 1).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Extraction processes (the store is written by one).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report to stdout.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--max-pages", type=click.IntRange(1), help="Refuse PDFs with more pages.")
@click.option("--max-mb", type=click.FloatRange(0, min_open=True),
              help="Refuse files larger than this many megabytes.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Extract on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' "
                   "for --workers processes here; this process stays the one writer.")
def extract(paths, db_path, force, strict, workers, as_json, quiet, max_pages, max_mb, dask):
    """Extract files, folders or globs into the store.

    Files already stored (same sha256, same extractor version) are skipped, so an interrupted
    batch resumes.  A file that fails is recorded in the `failures` table with a warning on
    stderr and the batch goes on; exit 1 only when every input failed or --strict stopped it.
    """
    from corpus import Store
    from corpus.ingest import expand, ingest

    store = Store(db_path)
    inputs = expand(paths)
    err = sys.stderr
    hidden = quiet or len(inputs) < 2 or not err.isatty()
    with click.progressbar(length=len(inputs), label="extracting", file=err,
                           hidden=hidden) as bar:
        written = [0]

        def progress(item):
            bar.update(1)
            written[0] += item["status"] in ("stored", "replaced")
            if item["status"] == "failed":  # on a live bar: clear its line first
                click.echo("" if hidden else "\r\033[K", err=True, nl=False)
                echo(f"warning: {item['path']}: {item['message']}", err=True)

        try:
            report = ingest(inputs, store, force=force, strict=strict, workers=workers,
                            options={"max_pages": max_pages, "max_mb": max_mb},
                            progress=progress, dask=dask)
        except KeyboardInterrupt:
            # every document is its own transaction: what was stored is complete
            click.echo(("" if hidden else "\n")
                       + f"Error: interrupted; {written[0]} documents stored, re-run to resume",
                       err=True)
            sys.exit(130)
    tag_works = optional_hook("graph.topics", "tag_works")
    if tag_works is not None and (report.stored or report.replaced):
        tag_works(store, works=report.works)  # the works this batch touched
    if as_json:
        click.echo(json_text(report.to_dict(), indent=2))
    if not quiet:
        echo(report.summary(), err=True)
    if report.stopped:
        raise click.ClickException("stopped at the first failure (--strict)")
    if report.failed and report.failed == report.inputs:
        raise click.ClickException(
            f"no input could be read ({report.failed} failed; see the warnings above)")


# --------------------------------------------------------------------------------------------
# evidence sql
# --------------------------------------------------------------------------------------------
@cli.command()
@click.argument("query")
@db_option
@output_options
@click.option("-p", "--param", "params", multiple=True, nargs=2, metavar="NAME VALUE",
              help="A named parameter for :NAME in the query (repeatable).")
@click.option("--write", is_flag=True, help="Open the store writable (default: read-only).")
def sql(query, db_path, fmt, params, write):
    """Run one SQL statement and print the rows.

    The store is opened read-only unless --write is given.  Example:
    evidence sql "select outcome, measure, value, p_value from effects_view" --csv
    """
    import sqlite3

    from corpus import Store
    from corpus.errors import QueryError

    store = Store(db_path, readonly=not write, foreign=not write)
    cur = store.query(query, dict(params))  # under an SQLite authorizer (E032 when refused)
    try:
        rows = cur.fetchall()
    except (sqlite3.Error, sqlite3.Warning) as exc:
        raise QueryError(str(exc)) from exc
    if cur.description is None:
        echo(f"{max(cur.rowcount, 0)} row(s) changed", err=True)
        return
    emit([c[0] for c in cur.description], rows, fmt)


# --------------------------------------------------------------------------------------------
# evidence documents
# --------------------------------------------------------------------------------------------
@cli.command()
@db_option
@output_options
def documents(db_path, fmt):
    """List the stored documents.

    Columns: id, label (first author and year), format, kind, pages, title, path, copies (the
    ids of other stored copies of the same article).
    """
    from corpus import Store

    emit(["id", "label", "format", "kind", "pages", "title", "path", "copies"],
         Store(db_path, readonly=True).documents(), fmt)


# --------------------------------------------------------------------------------------------
# evidence show
# --------------------------------------------------------------------------------------------
@cli.command()
@click.argument("doc")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quotes", is_flag=True, help="Show the page and exact text of every value.")
def show(doc, db_path, as_json, quotes):
    """Summarise one stored document.

    Prints the design, arms, outcomes with per-arm values and effects, and counts of
    references, citations and checks.
    DOC is a document id, a sha256 prefix or a fragment of its path.
    """
    from corpus import Store
    from corpus.summary import render

    store = Store(db_path, readonly=True)
    summary = store.summary(store.document(doc)["id"])
    if as_json:
        click.echo(json_text(summary, indent=2))
    else:
        echo(render(summary, quotes=quotes))


# --------------------------------------------------------------------------------------------
# evidence failures
# --------------------------------------------------------------------------------------------
@cli.command()
@db_option
@output_options
def failures(db_path, fmt):
    """List the files that could not be read.

    One row per failing path (the latest attempt): path, code, message, at (UTC).  A path
    leaves the list when it is later extracted.
    """
    from corpus import Store

    emit(["path", "code", "message", "at"], Store(db_path, readonly=True).failures(), fmt)


# --------------------------------------------------------------------------------------------
# evidence check
# --------------------------------------------------------------------------------------------
@cli.command()
@click.argument("docs", nargs=-1)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--all", "show_pass", is_flag=True, help="List passing checks too.")
@click.option("--stored", is_flag=True,
              help="Report the checks stored at extraction without re-running them "
                   "(opens the store read-only).")
def check(docs, db_path, as_json, show_pass, stored):
    """Re-run the consistency checks and report them by document and outcome.

    Percentages against arm sizes, OR/RR/RD and p recomputed from counts, CI symmetry,
    p against CI, arm sizes against totals, differences against medians/means, significance
    claims against counts, number formats.  Each line shows its arithmetic.
    DOC is a document id, sha256 prefix or path fragment (all documents when omitted).
    Exit status 3 when any check fails.
    """
    from corpus import Store
    from corpus.checks import check_store

    report = check_store(Store(db_path, readonly=stored), docs or None, rerun=not stored)
    if as_json:
        click.echo(json_text(report.to_dict(), indent=2))
    else:
        echo(report.format(show_pass=show_pass))
    if report.failed:
        sys.exit(3)


# --------------------------------------------------------------------------------------------
# evidence graph
# --------------------------------------------------------------------------------------------
@cli.command()
@db_option
@click.option("--kind", type=click.Choice(["citation", "cocitation", "coupling"]), default="citation",
              show_default=True, help="Direct citation, co-citation or bibliographic coupling.")
@click.option("--topic", "topics", multiple=True, metavar="NAME",
              help="Keep nodes tagged with this topic (repeatable: --topic msc --topic long-covid).")
@click.option("--min-weight", type=click.IntRange(1), default=1, show_default=True,
              help="Drop edges lighter than this (callouts, or shared counts).")
@click.option("--min-cited", type=click.IntRange(1), default=2, show_default=True,
              help="Show a reference only when at least N corpus articles cite it (1: all).")
@click.option("--top-edges", type=click.IntRange(0), default=None,
              help="Co-citation/coupling: draw the N heaviest links (0: all; default: 3 per node "
                   "shown, at most 250).")
@click.option("--layout", type=click.Choice(["force", "year"]), default="force", show_default=True,
              help="'year': x is the publication year.")
@click.option("--topics", "topics_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Your topics (JSON or TOML: names, colours, keyword/MeSH/DOI rules).")
@click.option("--add-topic", "add_topics", multiple=True, metavar="NAME=TERM,...",
              help="A topic from the command line (repeatable; DOIs allowed as terms).")
@click.option("--colour-by", type=click.Choice(["auto", "topic", "cluster"]), default="auto", show_default=True,
              help="Node colours (auto: by topic when half the nodes have one, else by cluster).")
@click.option("--title", help="Title of the page or figure.")
@click.option("--format", "fmt", metavar="FORMAT",
              help="html, gexf, graphml, json, csv, net, svg or png (default: from the suffix).")
@click.option("--seed", type=int, default=42, show_default=True, help="Layout and clustering seed.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file; .csv writes NAME-nodes.csv and NAME-edges.csv.")
@click.option("--force", is_flag=True,
              help="Replace existing output files (never the store or another SQLite file).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def graph(db_path, kind, topics, min_weight, min_cited, top_edges, layout, topics_file, add_topics,
          colour_by, title, fmt, seed, output, force, as_json):
    """Write the citation map of the store for a review meeting.

    \b
    evidence graph -o review.html                      # interactive, works offline
    evidence graph --layout year -o review.svg         # x = publication year, for a slide
    evidence graph --kind cocitation -o review.gexf    # Gephi, laid out
    evidence graph --topics my-topics.toml --topic sglt2 -o sglt2.png
    """
    from corpus import Store
    from graph import export_graph

    report = export_graph(Store(db_path, readonly=True), output, kind=kind, topics=topics,
                          min_weight=min_weight, fmt=fmt, seed=seed, title=title,
                          min_cited=min_cited, top_edges=top_edges, layout=layout,
                          topics_file=topics_file, add_topics=add_topics, colour_by=colour_by,
                          force=force)
    if as_json:
        click.echo(json_text(report, indent=2))
        return
    echo(f"{report['kind']} graph: {report['nodes']} nodes, {report['edges']} edges, "
         f"{report['clusters']} clusters, {report['cross_topic_edges']} cross-topic edges")
    echo(f"  shown: {report['shown']}")
    for m in report["most_cited"][:3]:
        echo(f"  most cited: {m['label']} ({m['cited_by']})")
    for c, name in list(report["cluster_labels"].items())[:5]:
        echo(f"  cluster {int(c) + 1}: {name}")
    for note in report["notes"]:
        echo(f"note: {note}", err=True)
    echo("wrote " + ", ".join(report["files"]))


# --------------------------------------------------------------------------------------------
# evidence refs
# --------------------------------------------------------------------------------------------
@cli.command()
@click.argument("doc", required=False)
@db_option
@output_options
def refs(doc, db_path, fmt):
    """List the references of one document (or of every document).

    Columns: document_id, ordinal, label, first_author, year, journal_iso, volume, issue,
    pages, doi, pmid, title, work_id (the deduplicated cited work).
    DOC is a document id, a sha256 prefix or a fragment of its path.
    """
    from corpus import Store
    from corpus.exports import REFERENCE_COLUMNS, reference_rows

    store = Store(db_path, readonly=True)
    ids = [store.document(doc)["id"]] if doc else None
    emit(REFERENCE_COLUMNS, reference_rows(store.conn, ids), fmt)


# --------------------------------------------------------------------------------------------
# evidence export
# --------------------------------------------------------------------------------------------
@cli.command("export")
@click.argument("docs", nargs=-1)
@db_option
@click.option("--to", "to", required=True, metavar="NAME",
              help="ris, bibtex, csl-json (the corpus articles), effects-csv, metafor, revman, "
                   "pythonmeta, markdown or forest (an SVG forest plot).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
@click.option("--force", is_flag=True,
              help="Replace an existing output file (never the store or another SQLite file).")
@click.option("--references", is_flag=True,
              help="ris, bibtex, csl-json: also the works the articles cite (once each).")
@click.option("--measure", type=click.Choice(["OR", "RR", "MD", "SMD"], case_sensitive=False),
              help="metafor, forest: only comparisons usable for this measure, with its "
                   "escalc columns.")
def export_cmd(docs, db_path, to, output, force, references, measure):
    """Export the corpus for reference managers and meta-analysis.

    \b
    evidence export --to ris -o corpus.ris            # the articles: Zotero, EndNote, Mendeley
    evidence export --to bibtex --references -o all.bib   # and the works they cite
    evidence export --to csl-json 3                   # one document (Zotero / Pandoc)
    evidence export --to metafor --measure OR -o or.csv   # for metafor::escalc
    evidence export --to forest -o forest.svg         # what would be pooled
    DOC is a document id, sha256 prefix or path fragment (all documents when omitted).
    """
    from corpus import Store
    from corpus.exports import export, get_writer
    from corpus.output import atomic_output, check_output

    get_writer(to)  # an unknown name fails before anything is written
    if output:
        check_output(output, force=force, protect=[db_path])  # before the store is even read
    store = Store(db_path, readonly=True)
    ids = [store.document(d)["id"] for d in docs] if docs else None
    options = {"references": references, "measure": measure.upper() if measure else None}
    if output:
        # a temporary file renamed over OUTPUT at the end: an error keeps the old file intact
        with atomic_output(output, force=force, protect=[db_path]) as fh:
            n = export(store.conn, to, fh, ids, **options)
    else:
        n = export(store.conn, to, sys.stdout, ids, **options)
    echo(f"{n} records written ({to})" + (f" to {output}" if output else ""), err=True)


# --------------------------------------------------------------------------------------------
# evidence ask
# --------------------------------------------------------------------------------------------
@cli.command()
@db_option
@click.option("--doc", help="The document: id, sha256 prefix or path fragment.")
@click.option("--outcome", help="The outcome, in your words.")
@click.option("--intervention", help="The intervention arm, in your words.")
@click.option("--comparator", help="The comparator arm, in your words.")
@click.option("--from", "from_file", type=click.Path(dir_okay=False),
              help="Questions from a .jsonl or .csv file (fields doc, outcome, intervention, "
                   "comparator; other fields are passed through).")
@click.option("--json", "fmt", flag_value="json", help="One JSON object per question (a line each).")
@click.option("--csv", "fmt", flag_value="csv", help="A flat CSV table, one row per question.")
@click.option("--no-model", is_flag=True, help="Answer with the rules only (no learned model).")
@click.option("--all-numbers", is_flag=True,
              help="Give per-arm numbers even when their learned confidence is below the threshold.")
def ask(db_path, doc, outcome, intervention, comparator, from_file, fmt, no_model, all_numbers):
    """Answer a reviewer's comparison for a stored document.

    Did the OUTCOME go up, down or not differ in the INTERVENTION arm against the COMPARATOR?
    Prints the answer, the stored outcome and time point used, both arms' numbers, the effect
    and the evidence with its position in the text.

    \b
    evidence ask --doc 3 --outcome "mortality at 28 days" --intervention MSC --comparator placebo
    evidence ask --from questions.jsonl --json
    Exit status 1 when a document matches nothing or a line of the file is malformed (the
    other questions are still answered).
    """
    from corpus import Store
    from corpus.ask import CSV_COLUMNS, Asker, Question, csv_row, read_questions, render
    from corpus.errors import QuestionError
    from corpus.output import CsvWriter

    single = [doc, outcome, intervention, comparator]
    if from_file and any(single):
        raise click.UsageError("give either --from FILE or --doc/--outcome/--intervention/--comparator")
    if not from_file and not all(single):
        raise click.UsageError("give --doc, --outcome, --intervention and --comparator (or --from FILE)")
    asker = Asker(Store(db_path, readonly=True), model=None if no_model else "auto",
                  confidence=None if all_numbers else "auto")
    if not from_file:
        questions = [Question(doc, outcome, intervention, comparator)]
    else:
        questions = read_questions(from_file)
    writer = None
    failed: list[str] = []
    n = 0
    for q in questions:
        n += 1
        if isinstance(q, QuestionError):
            echo(f"Error: {q}", err=True)
            failed.append(str(q.line))
            continue
        try:
            a = asker.answer(q)
        except EvidenceError as exc:
            if not from_file:
                raise
            echo(f"Error: line {q.line}: {exc}", err=True)
            failed.append(str(q.line))
            continue
        if fmt == "json":
            click.echo(json_text(a, default=str, indent=None if from_file else 2))
        elif fmt == "csv":
            if writer is None:
                extra = [k for k in q.extra if k not in CSV_COLUMNS]
                writer = CsvWriter(sys.stdout, extra + CSV_COLUMNS)  # spreadsheet-safe cells
            writer.writerow(csv_row(a, extra))
        else:
            echo(render(a) + ("\n" if from_file else ""))
    if failed:
        raise QuestionError(f"{len(failed)} of {n} questions could not be answered "
                            f"(line{'s' if len(failed) > 1 else ''} {', '.join(failed)})",
                            "fix those lines and ask again; the other answers are above")


# --------------------------------------------------------------------------------------------
# evidence merge
# --------------------------------------------------------------------------------------------
@cli.command()
@click.argument("output", type=click.Path(dir_okay=False))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def merge(output, inputs, quiet):
    """Merge evidence stores built apart into OUTPUT (created if missing).

    Documents OUTPUT already holds (same sha256) are skipped, so merging again changes
    nothing; references are linked to OUTPUT's works and the works they touch re-tagged.

    \b
    evidence merge all.db machine1.db machine2.db
    """
    from corpus import Store
    from corpus.merge import merge_stores

    store = Store(output)
    report = merge_stores(store, inputs)
    tag_works = optional_hook("graph.topics", "tag_works")
    if tag_works is not None and report.documents:
        tag_works(store, works=report.works)
    if not quiet:
        echo(report.summary(), err=True)
