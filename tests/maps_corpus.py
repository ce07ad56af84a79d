"""A made-up corpus of 30 articles for the map tests: three subjects, reference lists that cite
each other and shared references, filled into a store row by row (no extraction).

Subjects: SGLT2 inhibitors in heart failure, mesenchymal stromal cells for ARDS, and
rehabilitation after COVID-19.  Every article cites 7-13 works: references of its own subject
(a few classics most articles cite), one or two of another subject, and earlier corpus articles
of its subject.  Authors and years give "Family Year" labels, with two clashes ("Okafor 2019a/b",
"Lindqvist 2021a/b").  The corpus is fixed by a seed; :data:`EXPECTED` keeps its counts.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from graph_helpers import StoreBuilder

SUBJECTS = {
    "sglt2": {
        "journal": "Eur J Heart Fail",
        "topic_words": ("SGLT2 inhibition", "empagliflozin", "dapagliflozin", "sotagliflozin"),
        "outcome": ("heart failure hospitalisation", "cardiovascular death", "ejection fraction",
                    "natriuretic peptides", "kidney function", "exercise capacity"),
        "population": ("heart failure with reduced ejection fraction", "heart failure with preserved ejection fraction",
                       "type 2 diabetes and heart failure", "acute decompensated heart failure"),
    },
    "msc": {
        "journal": "Stem Cell Res Ther",
        "topic_words": ("mesenchymal stromal cells", "umbilical cord mesenchymal stem cells",
                        "bone marrow mesenchymal stem cells", "MSC-derived extracellular vesicles"),
        "outcome": ("oxygenation", "28-day mortality", "inflammatory cytokines", "lung injury scores",
                    "ventilator-free days", "safety"),
        "population": ("acute respiratory distress syndrome", "severe COVID-19 pneumonia",
                       "sepsis-induced lung injury", "ventilated adults"),
    },
    "rehab": {
        "journal": "Eur Respir J",
        "topic_words": ("pulmonary rehabilitation", "home-based exercise training", "telerehabilitation",
                        "inspiratory muscle training"),
        "outcome": ("six-minute walk distance", "fatigue", "dyspnoea", "quality of life",
                    "return to work", "lung function"),
        "population": ("long COVID", "post-COVID-19 condition", "survivors of critical COVID-19",
                       "persistent dyspnoea after COVID-19"),
    },
}

# 30 corpus articles: (first author, year, subject).  Two label clashes on purpose.
ARTICLES = [
    ("Halvorsen", 2015, "sglt2"), ("Okafor", 2016, "sglt2"), ("Brennan", 2017, "sglt2"),
    ("Okafor", 2019, "sglt2"), ("Okafor", 2019, "sglt2"), ("Moreau", 2020, "sglt2"),
    ("Tanaka", 2021, "sglt2"), ("Iyer", 2022, "sglt2"), ("Castellanos", 2023, "sglt2"),
    ("Novak", 2024, "sglt2"),
    ("Lindqvist", 2016, "msc"), ("Achebe", 2018, "msc"), ("Zhao", 2020, "msc"),
    ("Fernandes", 2020, "msc"), ("Lindqvist", 2021, "msc"), ("Lindqvist", 2021, "msc"),
    ("Kowalczyk", 2022, "msc"), ("Haddad", 2022, "msc"), ("Shi", 2023, "msc"), ("Petrov", 2024, "msc"),
    ("Murphy", 2021, "rehab"), ("Santos", 2021, "rehab"), ("Weber", 2022, "rehab"),
    ("Nakamura", 2022, "rehab"), ("Olsen", 2022, "rehab"), ("Dubois", 2023, "rehab"),
    ("Rahman", 2023, "rehab"), ("Gallagher", 2023, "rehab"), ("Costa", 2024, "rehab"),
    ("Yilmaz", 2024, "rehab"),
]

FAMILIES = ("Abbott", "Bauer", "Chen", "Diaz", "Eriksen", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
            "Kim", "Lopez", "Meyer", "Nguyen", "Ortiz", "Park", "Quinn", "Rossi", "Schmidt", "Tran",
            "Ueda", "Varga", "Walsh", "Xu", "Young", "Zimmer")
N_EXTERNAL = 20  # per subject; the first four of each are the subject's classics
EXPECTED = {"documents": 30, "labels": 30}


def _title(rng: random.Random, subject: str) -> str:
    s = SUBJECTS[subject]
    head = rng.choice(s['topic_words'])
    return (f"{head[0].upper() + head[1:]} and {rng.choice(s['outcome'])} in "
            f"{rng.choice(s['population'])}: a {rng.choice(('randomised trial', 'cohort study', 'pilot trial', 'multicentre trial'))}")


def _authors(family: str, rng: random.Random) -> list[dict]:
    names = [{"family": family, "given": rng.choice("ABCDEFGHJKLMNPRST")}]
    names += [{"family": rng.choice(FAMILIES), "given": rng.choice("ABCDEFGHJKLMNPRST")} for _ in range(2)]
    return names


def build(path=":memory:", seed: int = 7):
    """The corpus as a store (a sqlite3 connection); documents carry ``label``/``authors``/
    ``year`` when the store has those columns."""
    rng = random.Random(seed)
    b = StoreBuilder(path)
    conn = b.conn
    have = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    external: dict[str, list[dict]] = {}
    for subject, s in SUBJECTS.items():
        works = []
        for i in range(N_EXTERNAL):
            year = rng.randint(1998, 2019) if i >= 4 else 2005 + 3 * i
            works.append({"doi": f"10.5555/evmaps.{subject}.x{i:02d}", "year": year,
                          "authors": _authors(rng.choice(FAMILIES), rng), "title": _title(rng, subject),
                          "journal": s["journal"]})
        external[subject] = works
    # Labels: clashes get a/b in reading order, as the store's labels do.
    counts: dict[tuple, int] = {}
    for fam, year, _ in ARTICLES:
        counts[(fam, year)] = counts.get((fam, year), 0) + 1
    seen: dict[tuple, int] = {}
    docs = []
    for i, (fam, year, subject) in enumerate(ARTICLES):
        key = (fam, year)
        suffix = ""
        if counts[key] > 1:
            suffix = "ab"[seen.get(key, 0)]
            seen[key] = seen.get(key, 0) + 1
        title = _title(rng, subject)
        doi = f"10.5555/evmaps.a{i + 1:02d}"
        authors = _authors(fam, rng)
        sentences = [title + ".", f"Background on {SUBJECTS[subject]['population'][0]}."]
        docs.append({"i": i, "family": fam, "year": year, "subject": subject, "title": title, "doi": doi,
                     "authors": authors, "label": f"{fam} {year}{suffix}", "sentences": sentences})
    # Reference lists.
    for d in docs:
        own = external[d["subject"]]
        cites = [w["doi"] for w in own[:4] if rng.random() < 0.85]  # the classics
        cites += [w["doi"] for w in rng.sample(own[4:], rng.randint(3, 6))]
        others = [s for s in SUBJECTS if s != d["subject"]]
        cites += [rng.choice(external[rng.choice(others)][:6])["doi"] for _ in range(rng.randint(0, 2))]
        earlier = [e for e in docs if e["year"] < d["year"]]
        same = [e for e in earlier if e["subject"] == d["subject"]]
        cites += [e["doi"] for e in same if rng.random() < 0.55]
        cross = [e for e in earlier if e["subject"] != d["subject"]]
        if cross and rng.random() < 0.4:
            cites.append(rng.choice(cross)["doi"])
        d["cites"] = list(dict.fromkeys(cites))
        for k in range(len(d["cites"])):
            d["sentences"].append(f"Earlier work reported related findings [{k + 1}].")
    by_doi = {w["doi"]: w for ws in external.values() for w in ws}
    by_doi.update({d["doi"]: d for d in docs})
    doc_ids = {}
    for d in docs:
        doc_ids[d["doi"]] = b.document(f"article-{d['i'] + 1:02d}.txt", title=d["title"], doi=d["doi"],
                                       sentences=d["sentences"])
        cols = {"label": d["label"], "authors": json.dumps(d["authors"]), "year": d["year"]}
        cols = {k: v for k, v in cols.items() if k in have}
        if cols:
            conn.execute(f"UPDATE documents SET {', '.join(k + ' = ?' for k in cols)} WHERE id = ?",
                         (*cols.values(), doc_ids[d["doi"]]))
    for d in docs:
        b.work("doi:" + d["doi"], doi=d["doi"], title=d["title"], journal_iso=SUBJECTS[d["subject"]]["journal"],
               year=d["year"], document_id=doc_ids[d["doi"]])
    for d in docs:
        doc = doc_ids[d["doi"]]
        for k, doi in enumerate(d["cites"], 1):
            w = by_doi[doi]
            journal = w.get("journal") or SUBJECTS[w["subject"]]["journal"]
            work = b.work("doi:" + doi, doi=doi, title=w["title"], journal_iso=journal, year=w["year"])
            ref = b.ref(doc, k, work, raw=f"{k}. {w['title']}", journal_iso=journal, year=w["year"],
                        title=w["title"], doi=doi)
            conn.execute("UPDATE refs SET authors = ? WHERE id = ?", (json.dumps(w["authors"]), ref))
            b.cite(doc, ref, f"[{k}]")
    return b.commit(), docs


def topics_file(path: Path) -> Path:
    """A user topics file (TOML) naming the three subjects, with keyword, MeSH and DOI rules."""
    path.write_text('''\
[[topics]]
name = "sglt2"
label = "SGLT2 inhibitors"
colour = "#e15759"
keywords = ["empagliflozin", "dapagliflozin", "sotagliflozin", "SGLT2 inhibition"]
mesh = ["Sodium-Glucose Transporter 2 Inhibitors"]

[[topics]]
name = "msc"
label = "Stromal cell therapy"
colour = "#4e79a7"
mesh = ["Mesenchymal Stem Cells", "Stem Cells, Mesenchymal"]
keywords = ["mesenchymal stromal cells", "MSC-derived extracellular vesicles"]

[[topics]]
name = "rehab"
label = "Rehabilitation"
colour = "#59a14f"
keywords = ["rehabilitation", "exercise training", "telerehabilitation", "inspiratory muscle training"]
dois = ["10.5555/evmaps.rehab.*"]
''', encoding="utf-8")
    return path
