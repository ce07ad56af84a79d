(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("graph-data").textContent);
  var N = D.nodes, E = D.edges, T = D.topics;
  var cv = document.getElementById("cv"), ctx = cv.getContext("2d");
  var tip = document.getElementById("tip"), status = document.getElementById("status");
  var $ = function (id) { return document.getElementById(id); };
  var topicColour = {}, topicLabel = {};
  T.forEach(function (t) { topicColour[t.name] = t.colour; topicLabel[t.name] = t.label; });
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  var KINDS = {}, kindList = [];
  N.forEach(function (n, i) {
    n.i = i; n.out = []; n.inn = []; n.vis = true; n.hit = false;
    if (!(n.kind in KINDS)) { KINDS[n.kind] = PALETTE[kindList.length % PALETTE.length]; kindList.push(n.kind); }
  });
  E.forEach(function (e) { N[e[0]].out.push(e[1]); N[e[1]].inn.push(e[0]); });
  var W = 0, H = 0, dpr = window.devicePixelRatio || 1;
  var view = { s: 1, x: 0, y: 0 }, selected = null, hover = null, colourBy = "topic";
  var CROSS = "rgba(162,64,154,", GREY = "rgba(110,110,110,";
  var YEAR = D.layout === "year", AXIS = YEAR ? 30 : 0;
  var clusterLabels = D.cluster_labels || {};

  function colour(n) {
    if (colourBy === "cluster") return n.cluster == null ? "#9e9e9e" : PALETTE[n.cluster % PALETTE.length];
    if (colourBy === "kind") return KINDS[n.kind];
    return n.colour;
  }
  function resize() {
    var r = cv.getBoundingClientRect();
    W = Math.max(50, r.width); H = Math.max(50, r.height);
    cv.width = W * dpr; cv.height = H * dpr;
    draw();
  }
  // The map fills the stage left of the legend, below the title, above the year axis.
  var M = { l: 24, t: 64, r: 300, b: 20 };
  function sx(n) { return (M.l + n.x * Math.max(10, W - M.l - M.r)) * view.s + view.x; }
  function sy(n) { return (M.t + n.y * Math.max(10, H - M.t - M.b - AXIS)) * view.s + view.y; }
  function cites(n) { return n.citations != null ? n.citations : (n.cited_by || 0); }
  var maxCites = N.reduce(function (m, n) { return Math.max(m, cites(n)); }, 0);
  var rmax = N.length > 500 ? 14 : 22;
  function radius(n) {  // area grows with citations in the map; corpus articles never vanish
    var base = n.in_corpus ? 6 : 4;
    var r = maxCites ? base + (rmax - 6) * Math.sqrt(cites(n) / maxCites) : base;
    return r * Math.sqrt(view.s);
  }

  // --- labels: DOM elements placed without overlaps (the same procedure as graph/labels.py) ----
  var labelLayer = $("labels"), labelEl = {}, labelSize = {};
  var DIRS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];
  var RINGS_REQ = [0, 1, 2, 3, 4, 6, 8], RINGS_OPT = [0];
  function labelFor(n) {
    var el = labelEl[n.i];
    if (!el) {
      el = document.createElement("div");
      el.className = "lbl" + (n.in_corpus ? " c" : "");
      el.dataset.node = n.id;
      el.textContent = n.label.length > 48 ? n.label.slice(0, 47) + "\u2026" : n.label;
      labelLayer.appendChild(el); labelEl[n.i] = el;
    }
    return el;
  }
  function measure(list) {  // one layout pass for all new labels
    var fresh = list.filter(function (n) { return !labelSize[n.i]; });
    fresh.forEach(function (n) { var el = labelFor(n); el.style.visibility = "hidden"; el.classList.add("on"); });
    fresh.forEach(function (n) { var el = labelEl[n.i]; labelSize[n.i] = [el.offsetWidth, el.offsetHeight]; });
    fresh.forEach(function (n) { var el = labelEl[n.i]; el.classList.remove("on"); el.style.visibility = ""; });
  }
  function candidate(x, y, r, w, h, d, ring, gap) {
    var off = gap + ring * h, left, top;
    if (d[1] === 0) { left = d[0] > 0 ? x + r + off : x - r - off - w; top = y - h / 2; }
    else if (d[0] === 0) { left = x - w / 2; top = d[1] < 0 ? y - r - off - h : y + r + off; }
    else { var k = r * 0.7071 + off; left = d[0] > 0 ? x + k : x - k - w; top = d[1] < 0 ? y - k - h : y + k; }
    return [left, top, left + w, top + h];
  }
  function hits(a, b, pad) { return a[0] < b[2] + pad && b[0] < a[2] + pad && a[1] < b[3] + pad && b[1] < a[3] + pad; }
  function hitsCircle(b, cx, cy, r) {
    var dx = cx - Math.min(Math.max(cx, b[0]), b[2]), dy = cy - Math.min(Math.max(cy, b[1]), b[3]);
    return dx * dx + dy * dy < r * r;
  }
  function Grid(cell) { this.c = Math.max(cell, 1); this.m = {}; }
  Grid.prototype.keys = function (b, f) {
    var c = this.c;
    for (var i = Math.floor(b[0] / c); i <= Math.floor(b[2] / c); i++)
      for (var j = Math.floor(b[1] / c); j <= Math.floor(b[3] / c); j++) f(i + "," + j);
  };
  Grid.prototype.add = function (item, b) { var m = this.m; this.keys(b, function (k) { (m[k] = m[k] || []).push(item); }); };
  var query = 0;  // each lookup stamps the items it returns, so an item in several cells comes once
  Grid.prototype.near = function (b) {
    var m = this.m, out = [], q = ++query;
    this.keys(b, function (k) { (m[k] || []).forEach(function (it) { if (it.q !== q) { it.q = q; out.push(it); } }); });
    return out;
  };
  function placeLabels(items, bounds, blocked, circles) {
    var size = items.reduce(function (m, it) { return Math.max(m, it.w, it.h); }, 20);
    var rmaxNow = circles.reduce(function (m, c) { return Math.max(m, c.r); }, 12);
    var labels = new Grid(size), dots = new Grid(Math.max(24, 2 * rmaxNow)), placed = [];
    blocked.forEach(function (b) { labels.add({ b: b }, b); });
    circles.forEach(function (c) { dots.add(c, [c.x - c.r, c.y - c.r, c.x + c.r, c.y + c.r]); });
    items.forEach(function (it) {
      var best = null, bestCost = null, rings = it.required ? RINGS_REQ : RINGS_OPT;
      for (var ri = 0; ri < rings.length; ri++) {
        var ring = rings[ri];
        for (var di = 0; di < DIRS.length; di++) {
          var b = candidate(it.x, it.y, it.r, it.w, it.h, DIRS[di], ring, 3);
          if (b[0] < bounds[0] || b[1] < bounds[1] || b[2] > bounds[2] || b[3] > bounds[3]) continue;
          if (labels.near(b).some(function (o) { return hits(b, o.b, 1.5); })) continue;
          var covered = dots.near(b).filter(function (c) { return c.n !== it.n && hitsCircle(b, c.x, c.y, c.r); }).length;
          if (covered && !it.required) continue;  // a label that may be hidden never covers a node
          var cost = [covered * 2 + ring, ring, di];
          if (!bestCost || cost[0] < bestCost[0] || (cost[0] === bestCost[0] && (cost[1] < bestCost[1] || (cost[1] === bestCost[1] && cost[2] < bestCost[2])))) { best = b; bestCost = cost; }
        }
        if (best && bestCost[0] <= ring) break;
      }
      if (!best) return;
      labels.add({ b: best }, best);
      placed.push({ n: it.n, b: best, leader: bestCost[1] > 0 });
    });
    return placed;
  }
  function labelCandidates(visible) {
    var sel = selected, near = {};
    if (sel) { sel.out.forEach(function (j) { near[j] = 1; }); sel.inn.forEach(function (j) { near[j] = 1; }); }
    var refsToo = $("reflabels").checked;
    var rank = function (n) {
      if (n === sel) return 0;
      if (n.hit) return 1;
      if (sel && near[n.i]) return 2;
      return n.in_corpus ? 3 : 4;
    };
    var list = visible.filter(function (n) { return n.in_corpus || n.hit || n === sel || (sel && near[n.i]) || refsToo; });
    list.sort(function (p, q) { return rank(p) - rank(q) || cites(q) - cites(p) || (p.id < q.id ? -1 : p.id > q.id ? 1 : 0); });
    var required = 0;
    list.forEach(function (n) { n.req = rank(n) <= 3 && required++ < 300; });
    return list.slice(0, 400);
  }
  function legendBox() {
    var lg = $("legend"), st = $("stage").getBoundingClientRect(), r = lg.getBoundingClientRect();
    return [r.left - st.left - 4, r.top - st.top - 4, r.right - st.left + 4, r.bottom - st.top + 4];
  }
  function layoutLabels(visible) {
    var list = labelCandidates(visible);
    measure(list);
    var blocked = [legendBox()], tb = $("maptitle").getBoundingClientRect(), st = $("stage").getBoundingClientRect();
    if (tb.width) blocked.push([tb.left - st.left, tb.top - st.top, tb.right - st.left, tb.bottom - st.top + 2]);
    var items = [], circles = [];
    visible.forEach(function (n) { circles.push({ n: n.i, x: sx(n), y: sy(n), r: radius(n) }); });
    list.forEach(function (n) {
      var x = sx(n), y = sy(n);
      if (x < -50 || y < -50 || x > W + 50 || y > H + 50) return;
      items.push({ n: n.i, x: x, y: y, r: radius(n), w: labelSize[n.i][0], h: labelSize[n.i][1], required: n.req });
    });
    var placed = placeLabels(items, [2, 2, W - 2, H - 2 - AXIS], blocked, circles), on = {};
    placed.forEach(function (p) {
      var el = labelEl[p.n];
      el.style.left = p.b[0] + "px"; el.style.top = p.b[1] + "px";
      el.classList.add("on"); el.classList.toggle("hit", !!N[p.n].hit || N[p.n] === selected);
      on[p.n] = p;
    });
    Object.keys(labelEl).forEach(function (i) { if (!on[i]) labelEl[i].classList.remove("on"); });
    return placed;
  }

  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = "#fafafa"; ctx.fillRect(0, 0, W, H);
    var cross = $("crossonly").checked, nodesDrawn = 0, edgesDrawn = 0;
    var sel = selected, near = {};
    if (sel) { near[sel.i] = 1; sel.out.forEach(function (j) { near[j] = 1; }); sel.inn.forEach(function (j) { near[j] = 1; }); }
    if (YEAR) yearAxis();
    var groups = [[], [], []];  // plain, cross-topic, selected
    for (var k = 0; k < E.length; k++) {
      var e = E[k], a = N[e[0]], b = N[e[1]];
      if (!a.vis || !b.vis || (cross && !e[3])) continue;
      groups[sel && (a === sel || b === sel) ? 2 : (e[3] ? 1 : 0)].push(e);
    }
    var al = Math.max(0.15, Math.min(1, Math.sqrt(400 / Math.max(1, E.length))));
    var styles = [[GREY + (0.55 * al).toFixed(3) + ")", 1], [CROSS + (0.6 * al).toFixed(3) + ")", 1.1], ["rgba(20,20,20,0.85)", 1.6]];
    var arrows = D.directed && E.length <= 5000;
    groups.forEach(function (g, gi) {
      if (!g.length) return;
      ctx.strokeStyle = styles[gi][0]; ctx.fillStyle = styles[gi][0]; ctx.lineWidth = styles[gi][1];
      ctx.beginPath();
      g.forEach(function (e) {
        var a = N[e[0]], b = N[e[1]], x1 = sx(a), y1 = sy(a), x2 = sx(b), y2 = sy(b);
        var dx = x2 - x1, dy = y2 - y1, L = Math.sqrt(dx * dx + dy * dy) || 1, ra = radius(a), rb = radius(b);
        if (L < ra + rb + 2) return;
        var ux = dx / L, uy = dy / L, end = arrows ? rb + 10 : rb;
        ctx.moveTo(x1 + ux * ra, y1 + uy * ra); ctx.lineTo(x2 - ux * end, y2 - uy * end);
      });
      ctx.stroke();
      if (arrows) {
        ctx.beginPath();
        g.forEach(function (e) { arrow(N[e[0]], N[e[1]]); });
        ctx.fill();
      }
      edgesDrawn += g.length;
    });
    var visible = N.filter(function (n) { return n.vis; });
    var order = visible.slice().sort(function (p, q) { return radius(p) - radius(q); });
    order.forEach(function (n) {
      var x = sx(n), y = sy(n), r = radius(n);
      if (x < -r || y < -r || x > W + r || y > H + r) { nodesDrawn++; return; }
      ctx.globalAlpha = sel && !near[n.i] ? 0.25 : 1;
      ctx.beginPath(); ctx.arc(x, y, r, 0, 6.2832);
      ctx.fillStyle = colour(n); ctx.fill();
      ctx.lineWidth = n.in_corpus ? 1.6 : 0.8; ctx.strokeStyle = n.hit || n === sel ? "#000" : (n.in_corpus ? "#1a1a1a" : "#fff"); ctx.stroke();
      nodesDrawn++;
    });
    ctx.globalAlpha = 1;
    var placed = layoutLabels(visible);
    ctx.strokeStyle = "#222"; ctx.lineWidth = 1.2; ctx.setLineDash([4, 3]); ctx.beginPath();
    placed.forEach(function (p) {
      if (!p.leader) return;
      var n = N[p.n], x = sx(n), y = sy(n), r = radius(n);
      var cx = Math.min(Math.max(x, p.b[0]), p.b[2]), cy = Math.min(Math.max(y, p.b[1]), p.b[3]);
      var L = Math.sqrt((cx - x) * (cx - x) + (cy - y) * (cy - y)) || 1;
      ctx.moveTo(x + (cx - x) / L * r, y + (cy - y) / L * r); ctx.lineTo(cx, cy);
    });
    ctx.stroke(); ctx.setLineDash([]);
    var corpusShown = visible.filter(function (n) { return n.in_corpus; }).length;
    var corpusLabelled = placed.filter(function (p) { return N[p.n].in_corpus; }).length;
    status.dataset.renderedNodes = nodesDrawn; status.dataset.renderedEdges = edgesDrawn;
    status.dataset.labels = placed.length; status.dataset.corpusLabelled = corpusLabelled;
    status.textContent = nodesDrawn + " nodes, " + edgesDrawn + " edges, " + placed.length + " labels shown" +
      (corpusLabelled < corpusShown ? " (" + (corpusShown - corpusLabelled) + " corpus labels need more room: zoom in)" : "");
  }
  function yearAxis() {
    var ticks = {}, y0 = H - AXIS + 4;
    N.forEach(function (n) { var k = n.year == null ? "n.d." : String(n.year); if (!(k in ticks)) ticks[k] = n; });
    var keys = Object.keys(ticks).sort(function (a, b) { return a === "n.d." ? -1 : b === "n.d." ? 1 : a - b; });
    var step = Math.max(1, Math.ceil(keys.length / 30));
    ctx.strokeStyle = "#e4e4e4"; ctx.lineWidth = 1; ctx.fillStyle = "#444"; ctx.font = "14px system-ui, sans-serif"; ctx.textAlign = "center";
    keys.forEach(function (k, i) {
      var x = sx(ticks[k]);
      ctx.beginPath(); ctx.moveTo(x, M.t * view.s + view.y); ctx.lineTo(x, y0); ctx.stroke();
      if (i % step === 0 || i === keys.length - 1) ctx.fillText(k, x, H - 8);
    });
    ctx.textAlign = "start";
  }
  function arrow(a, b) {
    var x1 = sx(a), y1 = sy(a), x2 = sx(b), y2 = sy(b), r = radius(b), dx = x2 - x1, dy = y2 - y1;
    var L = Math.sqrt(dx * dx + dy * dy); if (L < radius(a) + r + 2) return;
    var ux = dx / L, uy = dy / L, px = x2 - ux * (r + 1), py = y2 - uy * (r + 1), bx = px - ux * 10, by = py - uy * 10;
    ctx.moveTo(px, py); ctx.lineTo(bx - uy * 4.2, by + ux * 4.2); ctx.lineTo(bx + uy * 4.2, by - ux * 4.2); ctx.closePath();
  }
  function nodeAt(mx, my) {
    var best = null, bd = 1e9;
    N.forEach(function (n) {
      if (!n.vis) return;
      var dx = sx(n) - mx, dy = sy(n) - my, d = dx * dx + dy * dy, r = radius(n) + 3;
      if (d < r * r && d < bd) { bd = d; best = n; }
    });
    return best;
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function row(k, v) { return v == null || v === "" ? "" : "<tr><td class=k>" + esc(k) + "</td><td>" + esc(v) + "</td></tr>"; }
  function tags(n) {
    return (n.topics || []).map(function (t) { return "<span class=tag style='background:" + (topicColour[t] || "#999") + "'>" + esc(topicLabel[t] || t) + "</span>"; }).join("");
  }
  function studyHtml(s) {
    var h = "<h3>Study</h3><table>" + row("design", s.design) + row("blinding", s.blinding) + row("control", s.control) +
      row("allocation", s.allocation_ratio) + row("randomized", s.n_randomized) + row("analysed", s.n_analyzed) +
      row("follow-up", s.follow_up) + row("registration", s.registration) + "</table>";
    if (s.arms && s.arms.length) {
      h += "<b>Arms</b><table><tr><th>arm</th><th>role</th><th>n</th><th>dose / route</th></tr>";
      s.arms.forEach(function (a) { h += "<tr><td>" + esc(a.label) + "</td><td>" + esc(a.role) + "</td><td>" + esc(a.n_analyzed != null ? a.n_analyzed : a.n_randomized) + "</td><td>" + esc([a.dose, a.route, a.schedule].filter(Boolean).join(", ")) + "</td></tr>"; });
      h += "</table>";
    }
    (s.outcomes || []).forEach(function (o) {
      h += "<b>" + esc(o.name) + "</b>" + (o.timepoint ? " · " + esc(o.timepoint) : "") + (o.subgroup ? " · " + esc(o.subgroup) : "") + "<table>";
      (o.results || []).forEach(function (r) { h += "<tr><td>" + esc(r.arm) + "</td><td>" + esc(r.statistic) + "</td><td>" + esc(r.value) + (r.unit ? " " + esc(r.unit) : "") + (r.derived ? " (derived)" : "") + "</td></tr>"; });
      (o.effects || []).forEach(function (e) {
        var ci = e.ci_low != null ? " [" + e.ci_low + ", " + e.ci_high + "]" : "";
        var p = e.p_value != null ? " p" + (e.p_relation || "=") + e.p_value : "";
        h += "<tr><td>effect</td><td>" + esc(e.measure || "") + "</td><td>" + esc((e.value != null ? e.value : "") + ci + p + (e.direction ? " · " + e.direction : "")) + "</td></tr>";
      });
      h += "</table>";
    });
    return h;
  }
  function show(n) {
    selected = n;
    try { history.replaceState(null, "", "#node=" + encodeURIComponent(n.id)); } catch (e) { /* file: URLs may refuse */ }
    var h = "<h2>" + esc(n.title || n.label) + "</h2>" + tags(n) + "<table>" +
      row("journal", n.journal) + row("year", n.year) + row("DOI", n.doi) + row("PMID", n.pmid) + row("kind", n.kind) +
      row("design", n.design) + row("n", n.n) + row("cluster", n.cluster == null ? null : (n.cluster + 1) + (n.cluster_label ? ": " + n.cluster_label : "")) + row("cited in map", n.citations) + row("cited by", n.cited_by) + row("references", n.references) +
      row("file", n.path) + row("id", n.id) + "</table>";
    function list(title, idx) {
      if (!idx.length) return "";
      return "<b>" + title + " (" + idx.length + ")</b><ul>" + idx.slice(0, 50).map(function (j) { return "<li data-i=" + j + ">" + esc(N[j].label) + "</li>"; }).join("") + "</ul>";
    }
    h += D.directed ? list("Cites", n.out) + list("Cited by", n.inn) : list("Linked", n.out.concat(n.inn));
    (n.studies || []).forEach(function (s) { h += studyHtml(s); });
    $("info").innerHTML = h;
    $("panel").hidden = false;
    Array.prototype.forEach.call($("info").querySelectorAll("li[data-i]"), function (li) {
      li.onclick = function () { focus(N[+li.dataset.i]); };
    });
    resize();
  }
  function focus(n) {
    show(n);
    view.x += W / 2 - sx(n); view.y += H / 2 - sy(n); draw();
  }
  function applyFilters() {
    var on = {}, y0 = parseInt($("ymin").value, 10), y1 = parseInt($("ymax").value, 10), undated = $("noyear").checked;
    Array.prototype.forEach.call(document.querySelectorAll("#topics input"), function (c) { on[c.value] = c.checked; });
    var cl = $("cluster").value, corpusOnly = $("corpusonly").checked;
    N.forEach(function (n) {
      var t = n.topic || "";
      var ok = on[t] !== false;
      if (n.year == null) ok = ok && undated; else ok = ok && !(n.year < y0) && !(n.year > y1);
      if (cl !== "") ok = ok && String(n.cluster) === cl;
      if (corpusOnly) ok = ok && n.in_corpus;
      n.vis = ok;
    });
    draw();
  }
  function search() {
    var q = $("search").value.trim().toLowerCase(), hits = [];
    N.forEach(function (n) {
      n.hit = q.length > 1 && [n.label, n.title, n.journal, n.doi, n.pmid, n.path].some(function (v) { return v != null && String(v).toLowerCase().indexOf(q) >= 0; });
      if (n.hit) hits.push(n);
    });
    $("hits").innerHTML = hits.slice(0, 100).map(function (n) { return "<div data-i=" + n.i + ">" + esc(n.label) + "</div>"; }).join("");
    Array.prototype.forEach.call($("hits").children, function (d) { d.onclick = function () { focus(N[+d.dataset.i]); }; });
    draw();
  }
  function lrow(mark, text) { return "<div class=row><span class=mk>" + mark + "</span><span class=tx title=\"" + esc(text) + "\">" + esc(text) + "</span></div>"; }
  function dot(c, d, outline) { return "<span class=dot style='width:" + d + "px;height:" + d + "px;background:" + c + ";border:" + (outline || "1px solid #777") + "'></span>"; }
  function line(c, head, dash) {
    return "<svg width=40 height=12 viewBox='0 0 40 12' aria-hidden=true><line x1=2 y1=6 x2=" + (head ? 30 : 38) + " y2=6 stroke='" + c + "' stroke-width=" + (head ? 1.6 : 1.2) + (dash ? " stroke-dasharray='4 3'" : "") + "></line>" +
      (head ? "<polygon points='38,6 29,2 29,10' fill='" + c + "'></polygon>" : "") + "</svg>";
  }
  function legend() {
    var h = "<h3>Colour: " + esc(colourBy === "cluster" ? "cluster (top title terms)" : colourBy) + "</h3>";
    var present = {}; N.forEach(function (n) { present[n.topic || ""] = 1; });
    if (colourBy === "topic") {
      T.forEach(function (t) { if (present[t.name]) h += lrow(dot(t.colour, 12), t.label); });
      if (present[""]) h += lrow(dot("#9e9e9e", 12), "no topic");
    } else if (colourBy === "kind") {
      kindList.forEach(function (k) { h += lrow(dot(KINDS[k], 12), k || "?"); });
    } else {
      var cl = Object.keys(clusterLabels).map(Number).sort(function (a, b) { return a - b; });
      cl.slice(0, PALETTE.length).forEach(function (c) { h += lrow(dot(PALETTE[c % PALETTE.length], 12), (c + 1) + ": " + clusterLabels[c]); });
      if (cl.length > PALETTE.length) h += "<div class=note>colours repeat after " + PALETTE.length + " clusters</div>";
    }
    h += "<h3>Size: corpus articles citing it</h3>";
    var samples = maxCites ? [1, Math.round(maxCites / 2), maxCites].filter(function (c, i, a) { return c >= 1 && a.indexOf(c) === i; }) : [0];
    samples.forEach(function (c) {
      var d = Math.round(2 * (maxCites ? 4 + (rmax - 6) * Math.sqrt(c / maxCites) : 4));
      h += lrow(dot("#bdbdbd", d), c + " citing article" + (c === 1 ? "" : "s"));
    });
    h += "<h3>Nodes</h3>" + lrow(dot("#fff", 14, "2px solid #1a1a1a"), "corpus article (outlined)");
    if (D.kind !== "coupling") h += lrow(dot("#cfcfcf", 10, "1px solid #fff"), "reference, not in corpus");
    var words = { citation: ["cites (arrow: cited work)", "citation across topics"], cocitation: ["co-cited (width: how often)", "co-citation across topics"], coupling: ["shared references (width)", "coupling across topics"] }[D.kind] || ["link", "link across topics"];
    h += "<h3>Edges</h3>" + lrow(line("#6e6e6e", D.directed), words[0]);
    if (E.some(function (e) { return e[3]; })) h += lrow(line("#a2409a", D.directed), words[1]);
    h += lrow(line("#222", false, true), "leader line: label set apart");
    $("legend").innerHTML = h;
  }
  // --- controls ------------------------------------------------------------------------------
  var years = N.map(function (n) { return n.year; }).filter(function (y) { return y != null; });
  $("ymin").value = years.length ? Math.min.apply(null, years) : ""; $("ymax").value = years.length ? Math.max.apply(null, years) : "";
  var present = {}; N.forEach(function (n) { present[n.topic || ""] = (present[n.topic || ""] || 0) + 1; });
  $("topics").innerHTML = T.concat([{ name: "", label: "no topic", colour: "#9e9e9e" }]).filter(function (t) { return present[t.name]; })
    .map(function (t) { return "<label><input type=checkbox value='" + esc(t.name) + "' checked><span class=sw style='background:" + t.colour + "'></span>" + esc(t.label) + " (" + present[t.name] + ")</label>"; }).join("");
  var clusters = {}; N.forEach(function (n) { if (n.cluster != null) clusters[n.cluster] = (clusters[n.cluster] || 0) + 1; });
  Object.keys(clusters).sort(function (a, b) { return a - b; }).slice(0, 200).forEach(function (c) {
    var o = document.createElement("option"); o.value = c; o.textContent = (+c + 1) + ": " + (clusterLabels[c] || "cluster") + " (" + clusters[c] + ")"; $("cluster").appendChild(o);
  });
  $("summary").textContent = D.kind + " graph · " + N.length + " nodes · " + E.length + " edges" + (D.min_weight > 1 ? " · min weight " + D.min_weight : "");
  [[D.title, "t"], [D.view_note, "n"]].forEach(function (p) {
    if (!p[0]) return;
    var el = document.createElement("div"); el.className = p[1]; el.textContent = p[0]; $("maptitle").appendChild(el);
  });
  ["ymin", "ymax", "noyear", "cluster", "corpusonly"].forEach(function (id) { $(id).addEventListener("change", applyFilters); });
  $("topics").addEventListener("change", applyFilters);
  $("crossonly").addEventListener("change", draw);
  $("reflabels").addEventListener("change", draw);
  $("search").addEventListener("input", search);
  $("colourby").addEventListener("change", function () { colourBy = this.value; legend(); draw(); });
  if (D.colour_by && D.colour_by !== "topic") { colourBy = D.colour_by; $("colourby").value = colourBy; }
  $("close").onclick = function () { selected = null; $("panel").hidden = true; resize(); };
  var drag = null, moved = false;
  cv.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y }; moved = false; cv.style.cursor = "grabbing"; });
  window.addEventListener("mouseup", function (ev) {
    cv.style.cursor = "grab";
    if (drag && !moved) { var r = cv.getBoundingClientRect(), n = nodeAt(ev.clientX - r.left, ev.clientY - r.top); if (n) show(n); else if (ev.target === cv) { selected = null; draw(); } }
    drag = null;
  });
  cv.addEventListener("mousemove", function (ev) {
    var r = cv.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    if (drag) { var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y; if (Math.abs(dx) + Math.abs(dy) > 3) moved = true; view.x = drag.vx + dx; view.y = drag.vy + dy; draw(); return; }
    var n = nodeAt(mx, my);
    if (n !== hover) { hover = n; }
    if (n) { tip.style.display = "block"; tip.style.left = (mx + 12) + "px"; tip.style.top = (my + 12) + "px"; tip.textContent = n.label + (n.year ? " (" + n.year + ")" : ""); }
    else tip.style.display = "none";
  });
  cv.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = cv.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top, f = Math.exp(-ev.deltaY * 0.0015);
    var s = Math.min(40, Math.max(0.2, view.s * f)); f = s / view.s;
    view.x = mx - (mx - view.x) * f; view.y = my - (my - view.y) * f; view.s = s; draw();
  }, { passive: false });
  window.addEventListener("resize", resize);
  legend();
  resize();
  // #node=ID opens that node's panel (links to a node can be shared)
  var m = /^#node=(.+)$/.exec(location.hash);
  if (m) { var id = decodeURIComponent(m[1]); N.forEach(function (n) { if (n.id === id) focus(n); }); }
})();
