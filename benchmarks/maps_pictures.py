"""Draw the maps of the 30-article test corpus and check them in headless Chromium.

    .venv/bin/python benchmarks/maps_pictures.py [OUT_DIR]     (default benchmarks/out/maps)

Writes the HTML map, SVG and PNG figures (force and year layouts, citation, co-citation and
coupling), screenshots of the HTML map and of the SVG as Chromium renders them at 1600 x 1000,
and prints for each picture: its size, the labels drawn, corpus articles labelled, overlapping
label pairs (boxes from the DOM or SVG), the legend entries and the smallest label font.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import maps_corpus  # noqa: E402
from chromium import CHROMIUM, HTML_BOXES, SVG_BOXES, Browser  # noqa: E402
from corpus import Store  # noqa: E402
from graph.export import export_graph  # noqa: E402
from graph.labels import overlaps  # noqa: E402


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "maps30.db"
    conn, _docs = maps_corpus.build(str(db))
    conn.close()
    topics = maps_corpus.topics_file(tmp / "topics.toml")
    jobs = [("citation", "force", ("html", "svg", "png")), ("citation", "year", ("html", "svg", "png")),
            ("cocitation", "force", ("svg", "png")), ("coupling", "force", ("svg", "png"))]
    written = []
    for kind, layout, formats in jobs:
        for fmt in formats:
            path = out / f"maps30-{kind}-{layout}.{fmt}"
            if path.exists():
                path.unlink()
            t = time.perf_counter()
            rep = export_graph(Store(str(db)), path, kind=kind, layout=layout, topics_file=str(topics))
            written.append(path)
            print(f"{path.name}: {rep['nodes']} nodes, {rep['edges']} edges; {rep['shown']} "
                  f"({time.perf_counter() - t:.2f} s)")
    if CHROMIUM is None:
        print("Chromium not found: no screenshots")
        return 0
    from PIL import Image

    with Browser(tmp) as b:
        for path in written:
            if path.suffix == ".png":
                w, h = Image.open(path).size
                print(f"{path.name}: {w} x {h} px, {path.stat().st_size // 1024} KiB")
                continue
            b.open(path.as_uri(), 1600, 1000)
            shot = path.with_name(path.stem + f"-{path.suffix[1:]}-chromium.png")
            b.screenshot(shot)
            res = b.evaluate(HTML_BOXES if path.suffix == ".html" else SVG_BOXES)
            labels = res["labels"]
            boxes = [tuple(x["box"]) for x in labels]
            labelled = {x["node"] for x in labels}
            if path.suffix == ".html":
                corpus = res["corpus"]
                legend = res["legend"]["text"].count("\n") + 1 if res["legend"] else 0
            else:
                corpus = None
                legend = len(res["legend"]["entries"]) if res["legend"] else 0
            fonts = min((x["font"] for x in labels), default=0)
            line = (f"{path.name}: {path.stat().st_size // 1024} KiB; {len(labels)} labels, "
                    f"{len(overlaps(boxes, tol=0.5))} overlapping pairs, smallest font {fonts:.1f} px, "
                    f"legend {'present' if res['legend'] else 'MISSING'} ({legend} lines)")
            if corpus is not None:
                line += f"; corpus articles labelled {len(set(corpus) & labelled)}/{len(corpus)}"
                line += f"; requests {sorted(set(b.requests))}"
            print(line)
            print(f"  screenshot {shot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks" / "out" / "maps"))
