"""Regenerate the graph test corpus: MSC-therapy and long-COVID studies citing each other.

    .venv/bin/python tests/data/graph/generate.py

Writes 24 small articles in four formats (plain text, HTML, JATS XML, PDF drawn with matplotlib)
and ``manifest.json``: for every document its file, DOI, topics and the DOIs it cites with the
number of in-text callouts.  The expected citation, co-citation and coupling edge sets in the
tests are derived from the manifest by brute force.  DOIs use the 10.5555 test prefix.  The
corpus is deterministic (fixed seed); review the diff of ``manifest.json`` after regenerating.
"""
from __future__ import annotations

import json
import random
import textwrap
from html import escape
from pathlib import Path

HERE = Path(__file__).parent

# (key, format, kind, topics, year, journal, volume, pages, title, first author)
DOCS = [
    ("m01", "txt", "primary", "msc", 2020, "Stem Cell Res Ther", "11", "361-370",
     "Umbilical cord mesenchymal stem cells for severe COVID-19 pneumonia: a phase 1 trial", "Meng F"),
    ("m02", "html", "primary", "msc", 2020, "Cytotherapy", "22", "602-611",
     "Bone marrow-derived mesenchymal stromal cells in COVID-19 acute respiratory distress syndrome", "Hashemian SR"),
    ("l01", "txt", "primary", "long-covid", 2021, "Lancet Respir Med", "9", "747-754",
     "Persistent symptoms and lung function one year after hospitalisation for COVID-19", "Wu X"),
    ("m03", "jats", "primary", "msc", 2021, "Stem Cells Transl Med", "10", "660-673",
     "Umbilical cord mesenchymal stem cells for COVID-19 acute respiratory distress syndrome: a double-blind randomized controlled trial", "Lanzoni G"),
    ("l02", "html", "primary", "long-covid", 2021, "Nature", "594", "259-264",
     "Post-acute sequelae of SARS-CoV-2 infection in a national cohort of veterans", "Al-Aly Z"),
    ("m04", "pdf", "primary", "msc", 2021, "Signal Transduct Target Ther", "6", "58",
     "Effect of human umbilical cord-derived mesenchymal stem cells on lung damage in severe COVID-19 patients", "Shi L"),
    ("l03", "jats", "primary", "long-covid", 2021, "EClinicalMedicine", "38", "101019",
     "Characterizing long COVID in an international cohort: 7 months of symptoms and their impact", "Davis HE"),
    ("n01", "txt", "news", "msc", 2021, "", "", "",
     "Stem cell therapy shows promise in severe COVID-19", ""),
    ("l04", "pdf", "primary", "long-covid", 2022, "Lancet Infect Dis", "22", "e102-e107",
     "A clinical case definition of post-COVID-19 condition by a Delphi consensus", "Soriano JB"),
    ("m05", "txt", "primary", "msc", 2022, "Stem Cell Res Ther", "13", "112",
     "Mesenchymal stromal cell-derived extracellular vesicles in COVID-19 pneumonia: an open-label study", "Sengupta V"),
    ("b01", "html", "primary", "msc long-covid", 2022, "Stem Cell Res Ther", "13", "301",
     "Mesenchymal stem cells for post-COVID-19 pulmonary fibrosis: a randomized pilot trial", "Li TT"),
    ("l05", "jats", "primary", "long-covid", 2022, "Nat Med", "28", "583-590",
     "Long-term cardiovascular outcomes of COVID-19", "Xie Y"),
    ("r01", "txt", "review", "msc", 2022, "Stem Cells", "40", "355-368",
     "Mesenchymal stem cell therapy for COVID-19: a systematic review and meta-analysis", "Kirkham AM"),
    ("l06", "html", "primary", "long-covid", 2022, "Lancet", "400", "452-461",
     "Persistence of somatic symptoms after COVID-19 in the Netherlands: an observational cohort study", "Ballering AV"),
    ("m06", "pdf", "primary", "msc", 2023, "Cytotherapy", "25", "289-298",
     "Two-year safety of umbilical cord mesenchymal stem cells after severe COVID-19", "Wang Y"),
    ("b02", "jats", "primary", "msc long-covid", 2023, "Stem Cell Res Ther", "14", "77",
     "Umbilical cord mesenchymal stem cells improve exercise capacity in long COVID: a randomized placebo-controlled trial", "Zhao J"),
    ("l07", "txt", "primary", "long-covid", 2023, "JAMA", "329", "1934-1946",
     "Development of a definition of postacute sequelae of SARS-CoV-2 infection", "Thaweethai T"),
    ("n02", "html", "news", "long-covid", 2023, "", "", "",
     "Long COVID: what the new definition means for clinics", ""),
    ("r02", "txt", "review", "long-covid", 2023, "Nat Rev Microbiol", "21", "133-146",
     "Long COVID: major findings, mechanisms and recommendations", "Davis HE"),
    ("m07", "html", "primary", "msc", 2024, "Stem Cell Res Ther", "15", "43",
     "Three-year follow-up of mesenchymal stem cell treatment in severe COVID-19", "Li XY"),
    ("b03", "pdf", "primary", "msc long-covid", 2024, "Signal Transduct Target Ther", "9", "120",
     "Mesenchymal stem cell-derived exosomes for post-acute sequelae of SARS-CoV-2: a phase 2 trial", "Chen W"),
    ("l08", "jats", "primary", "long-covid", 2024, "Lancet", "404", "707-724",
     "Long COVID science, research and policy: a three-year update", "Al-Aly Z"),
    ("l09", "txt", "primary", "long-covid", 2024, "BMJ", "384", "e076915",
     "Prevalence of post-COVID-19 condition in adults three years after infection", "Tsampasian V"),
    ("m08", "jats", "primary", "msc", 2025, "Stem Cells Transl Med", "14", "szae091",
     "Allogeneic mesenchymal stromal cells in COVID-19 survivors with persistent lung damage", "Grumet M"),
]

# Works cited but not in the corpus: (key, topic, year, journal, volume, pages, title, first author)
EXTERNAL = [
    ("x01", "msc", 2006, "Cytotherapy", "8", "315-317",
     "Minimal criteria for defining multipotent mesenchymal stromal cells", "Dominici M"),
    ("x02", "msc", 2018, "Cell Stem Cell", "22", "824-833",
     "Mesenchymal stromal cells: clinical challenges and therapeutic opportunities", "Galipeau J"),
    ("x03", "covid-19", 2020, "JAMA", "323", "1061-1069",
     "Clinical characteristics of 138 hospitalized patients with 2019 novel coronavirus-infected pneumonia", "Wang D"),
    ("x04", "covid-19", 2020, "Lancet Respir Med", "8", "475-481",
     "Clinical course and outcomes of critically ill patients with SARS-CoV-2 pneumonia in Wuhan", "Yang X"),
    ("x05", "long-covid", 2021, "Lancet", "397", "220-232",
     "6-month consequences of COVID-19 in patients discharged from hospital: a cohort study", "Huang C"),
    ("x06", "long-covid", 2021, "Nat Med", "27", "601-615",
     "Post-acute COVID-19 syndrome", "Nalbandian A"),
    ("x07", "msc", 2020, "Aging Dis", "11", "216-228",
     "Transplantation of ACE2- mesenchymal stem cells improves the outcome of patients with COVID-19 pneumonia", "Leng Z"),
    ("x08", "msc", 2015, "Immunol Lett", "168", "140-146",
     "Mesenchymal stromal cells and the innate immune response", "Le Blanc K"),
    ("x09", "long-covid", 2022, "Nat Med", "28", "1706-1714",
     "Risk factors associated with post-COVID-19 condition: a systematic review", "Subramanian A"),
    ("x10", "covid-19", 2020, "N Engl J Med", "383", "2603-2615",
     "Safety and efficacy of the BNT162b2 mRNA COVID-19 vaccine", "Polack FP"),
    ("x11", "msc", 2021, "Signal Transduct Target Ther", "6", "339",
     "Human umbilical cord-derived mesenchymal stem cells in severe COVID-19: a 1-year follow-up", "Shi L"),
    ("x12", "long-covid", 2022, "BMJ", "376", "e068414",
     "Long covid: clinical framing, biomarkers, and therapeutic approaches", "Sivan M"),
]

SENTENCES = {
    "msc": [
        "Mesenchymal stem cells (MSCs) modulate the inflammatory response in injured lungs {c}.",
        "Umbilical cord-derived MSCs were well tolerated in earlier trials {c}.",
        "MSC infusions lowered inflammatory cytokines in patients with severe pneumonia {c}.",
        "The immunomodulatory properties of mesenchymal stromal cells are well described {c}.",
        "Cell identity followed the minimal criteria for multipotent stromal cells {c}.",
    ],
    "long-covid": [
        "Long COVID affects a substantial proportion of people after SARS-CoV-2 infection {c}.",
        "Fatigue and dyspnoea persist for months in many survivors {c}.",
        "Post-COVID-19 condition has been defined by consensus {c}.",
        "Persistent symptoms reduce quality of life and the ability to work {c}.",
        "Post-acute sequelae involve the lungs, heart and nervous system {c}.",
    ],
    "covid-19": [
        "Severe COVID-19 carries a high mortality in hospitalised patients {c}.",
        "Critically ill patients with SARS-CoV-2 pneumonia often need mechanical ventilation {c}.",
    ],
}


def doi(key: str) -> str:
    return f"10.5555/evgraph.{key}"


def plan(seed: int = 7) -> dict:
    """Who cites whom: each document cites earlier corpus documents and external works."""
    rng = random.Random(seed)
    out = {}
    for i, d in enumerate(DOCS):
        key, year, topics = d[0], d[4], d[3].split()
        earlier = [e for e in DOCS[:i] if e[4] <= year and e[2] != "news"]  # news is not cited
        same = [e[0] for e in earlier if set(e[3].split()) & set(topics)]
        other = [e[0] for e in earlier if not set(e[3].split()) & set(topics)]
        ext_same = [x[0] for x in EXTERNAL if x[1] in topics and x[2] <= year]
        ext_other = [x[0] for x in EXTERNAL if x[1] not in topics and x[2] <= year]
        picks = rng.sample(same, min(len(same), rng.randint(1, 3)))
        picks += rng.sample(other, min(len(other), rng.randint(0, 2)))
        picks += rng.sample(ext_same, min(len(ext_same), rng.randint(1, 2)))
        picks += rng.sample(ext_other, min(len(ext_other), 1))
        if not picks and ext_same:
            picks = ext_same[:1]
        out[key] = [(p, 2 if rng.random() < 0.3 else 1) for p in picks]
    return out


def meta(key: str) -> dict:
    for d in DOCS:
        if d[0] == key:
            return {"key": key, "fmt": d[1], "kind": d[2], "topics": d[3].split(), "year": d[4],
                    "journal": d[5], "volume": d[6], "pages": d[7], "title": d[8], "author": d[9]}
    for x in EXTERNAL:
        if x[0] == key:
            return {"key": key, "topics": [x[1]], "year": x[2], "journal": x[3], "volume": x[4],
                    "pages": x[5], "title": x[6], "author": x[7]}
    raise KeyError(key)


def vancouver(n: int, m: dict) -> str:
    pages = m["pages"]
    loc = f"{m['volume']}:{pages}" if "-" in pages or not pages[:1].isdigit() else f"{m['volume']}:{pages}"
    return f"{n}. {m['author']}, et al. {m['title']}. {m['journal']}. {m['year']};{loc}. doi:{doi(m['key'])}"


def news_bracket(m: dict) -> str:
    return f"[{m['journal']} {m['year']};doi:{doi(m['key'])}]"


def body(key: str, cites: list, rng: random.Random, style: str) -> list[str]:
    """Paragraph sentences with callouts: one sentence per callout, topic-appropriate."""
    d = meta(key)
    order = [c for c, _ in cites]
    calls = []
    for c, n in cites:
        calls += [c] * n
    rng.shuffle(calls)
    # First mention order decides the reference numbers (Vancouver style).
    numbering, seen = {}, []
    for c in calls:
        if c not in numbering:
            numbering[c] = len(numbering) + 1
            seen.append(c)
    out = []
    used: dict[str, int] = {}
    for c in calls:
        topic = meta(c)["topics"][0]
        pool = SENTENCES[topic]
        s = pool[used.get(topic, 0) % len(pool)]
        used[topic] = used.get(topic, 0) + 1
        if style == "news":
            out.append(s.replace(" {c}", "") + " " + news_bracket(meta(c)))
        elif style == "jats":
            out.append(s.replace("{c}", f'[<xref ref-type="bibr" rid="r{numbering[c]}">{numbering[c]}</xref>]'))
        else:
            out.append(s.replace("{c}", f"[{numbering[c]}]"))
    return out, seen, order


def article(key: str, cites: list, rng: random.Random) -> tuple[str, str]:
    d = meta(key)
    fmt, news = d["fmt"], d["kind"] == "news"
    style = "news" if news else ("jats" if fmt == "jats" else "plain")
    sents, numbered, _ = body(key, cites, rng, style)
    t = d["topics"]
    if "msc" in t and "long-covid" in t:
        aim = ("We tested whether mesenchymal stem cells improve recovery in adults with long COVID.",
               "Sixty adults with post-COVID-19 condition were randomized 2:1 to MSCs or placebo.")
    elif "msc" in t:
        aim = ("We evaluated mesenchymal stem cell (MSC) therapy in patients with severe COVID-19.",
               "Patients received three intravenous infusions of MSCs on days 0, 3 and 6.")
    else:
        aim = ("We describe persistent symptoms after COVID-19 in a cohort of adults.",
               "Participants reported fatigue, dyspnoea and cognitive symptoms at follow-up.")
    return d, {"aim": aim, "sents": sents, "numbered": numbered, "news": news, "style": style}


def front(d: dict) -> str:
    if d["kind"] == "news":
        return f"Medical news, {d['year']}. doi:{doi(d['key'])}"
    return f"{d['author']}, et al. {d['journal']}. {d['year']};{d['volume']}:{d['pages']}. doi:{doi(d['key'])}"


def as_text(d: dict, a: dict) -> str:
    lines = [d["title"], "", front(d), ""]
    if a["news"]:
        lines += [" ".join(a["aim"]), "", " ".join(a["sents"]), ""]
        return "\n".join(lines)
    lines += ["Abstract", "", " ".join(a["aim"]) + " Outcomes were compared between groups.", "",
              "Introduction", "", " ".join(a["sents"]), "",
              "Discussion", "", "These findings should be confirmed in larger trials.", "", "References", ""]
    lines += [vancouver(i, meta(c)) for i, c in enumerate(a["numbered"], 1)]
    return "\n".join(lines) + "\n"


def as_html(d: dict, a: dict) -> str:
    paras = "".join(f"<p>{escape(s)}</p>" for s in (" ".join(a["aim"]), " ".join(a["sents"])))
    refs = ""
    if not a["news"]:
        refs = "<h2>References</h2><ol>" + "".join(
            f"<li>{escape(vancouver(i, meta(c)).split('. ', 1)[1])}</li>" for i, c in enumerate(a["numbered"], 1)) + "</ol>"
        paras = (f"<h2>Abstract</h2><p>{escape(' '.join(a['aim']))}</p><h2>Introduction</h2>"
                 f"<p>{escape(' '.join(a['sents']))}</p><h2>Discussion</h2><p>These findings should be confirmed in larger trials.</p>")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{escape(d['title'])}</title></head>"
            f"<body><article><h1>{escape(d['title'])}</h1><p class=\"meta\">{escape(front(d))}</p>"
            f"{paras}{refs}</article></body></html>\n")


def as_jats(d: dict, a: dict) -> str:
    refs = []
    for i, c in enumerate(a["numbered"], 1):
        m = meta(c)
        fp, _, lp = m["pages"].partition("-")
        pages = f"<fpage>{fp}</fpage><lpage>{lp}</lpage>" if lp else f"<elocation-id>{fp}</elocation-id>"
        sur, given = m["author"].rsplit(" ", 1)
        refs.append(
            f'<ref id="r{i}"><label>{i}</label><element-citation publication-type="journal">'
            f'<person-group person-group-type="author"><name><surname>{escape(sur)}</surname>'
            f'<given-names>{given}</given-names></name><etal/></person-group>'
            f'<article-title>{escape(m["title"])}</article-title><source>{escape(m["journal"])}</source>'
            f'<year>{m["year"]}</year><volume>{m["volume"]}</volume>{pages}'
            f'<pub-id pub-id-type="doi">{doi(c)}</pub-id></element-citation></ref>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
<front><journal-meta><journal-title-group><journal-title>{escape(d['journal'])}</journal-title></journal-title-group></journal-meta>
<article-meta><article-id pub-id-type="doi">{doi(d['key'])}</article-id>
<title-group><article-title>{escape(d['title'])}</article-title></title-group>
<pub-date><year>{d['year']}</year></pub-date><volume>{d['volume']}</volume>
<abstract><p>{escape(' '.join(a['aim']))}</p></abstract></article-meta></front>
<body><sec><title>Introduction</title><p>{' '.join(a['sents'])}</p></sec>
<sec><title>Discussion</title><p>These findings should be confirmed in larger trials.</p></sec></body>
<back><ref-list><title>References</title>{''.join(refs)}</ref-list></back>
</article>
"""


def as_pdf(d: dict, a: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    text = as_text(d, a)
    # (line, x indent, extra gap before): paragraphs spaced, reference items with a hanging indent
    lines = []
    in_refs = False
    for para in text.split("\n"):
        if not para:
            continue
        in_refs = in_refs or para == "References"
        hanging = in_refs and para[:1].isdigit()
        wrapped = textwrap.wrap(para, 88 if hanging else 92, break_long_words=False, break_on_hyphens=False)
        heading = para in ("Abstract", "Introduction", "Discussion", "References")
        for k, line in enumerate(wrapped):
            lines.append((line, 0.03 if hanging and k else 0.0, 0.006 if k == 0 else 0.0, heading))
    per_page = 48
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path, metadata={"CreationDate": None, "ModDate": None, "Title": d["title"]}) as pdf:
        for start in range(0, len(lines), per_page):
            fig = Figure(figsize=(8.27, 11.69))
            y = 0.95
            for i, (line, indent, gap, heading) in enumerate(lines[start:start + per_page]):
                y -= gap if i else 0.0
                title = start == 0 and i == 0
                fig.text(0.08 + indent, y, line, fontsize=12 if title else (10.5 if heading else 9),
                         family="DejaVu Sans", weight="bold" if title or heading else "normal")
                y -= 0.0158
            pdf.savefig(fig)


def main() -> None:
    cites = plan()
    rng = random.Random(11)
    manifest = {"documents": [], "external": [
        {"key": x[0], "doi": doi(x[0]), "topics": [x[1]], "journal": x[3], "year": x[2], "title": x[6]}
        for x in EXTERNAL]}
    ext = {"txt": "txt", "html": "html", "jats": "xml", "pdf": "pdf"}
    for d0 in DOCS:
        key = d0[0]
        d, a = article(key, cites[key], rng)
        name = f"{key}.{ext[d['fmt']]}"
        path = HERE / name
        if d["fmt"] == "txt":
            path.write_text(as_text(d, a), encoding="utf-8")
        elif d["fmt"] == "html":
            path.write_text(as_html(d, a), encoding="utf-8")
        elif d["fmt"] == "jats":
            path.write_text(as_jats(d, a), encoding="utf-8")
        else:
            as_pdf(d, a, path)
        manifest["documents"].append({
            "key": key, "file": name, "format": d["fmt"], "kind": d["kind"], "doi": doi(key),
            "title": d["title"], "topics": d["topics"], "year": d["year"],
            "cites": [{"doi": doi(c), "callouts": n} for c, n in cites[key]]})
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
