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
  function sx(n) { return (n.x * W * 0.94 + W * 0.03) * view.s + view.x; }
  function sy(n) { return (n.y * H * 0.94 + H * 0.03) * view.s + view.y; }
  var maxSize = N.reduce(function (m, n) { return Math.max(m, n.size || 4); }, 4.0001);
  var rmax = N.length > 500 ? 14 : 22;
  function radius(n) {  // area grows with citations, capped so hubs do not hide their neighbours
    var r = 2.5 + (rmax - 2.5) * Math.sqrt(Math.max(0, (n.size || 4) - 4) / (maxSize - 4));
    return r * Math.sqrt(view.s);
  }

  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = "#fafafa"; ctx.fillRect(0, 0, W, H);
    var cross = $("crossonly").checked, nodesDrawn = 0, edgesDrawn = 0;
    var sel = selected, near = {};
    if (sel) { near[sel.i] = 1; sel.out.forEach(function (j) { near[j] = 1; }); sel.inn.forEach(function (j) { near[j] = 1; }); }
    var groups = [[], [], []];  // plain, cross-topic, selected
    for (var k = 0; k < E.length; k++) {
      var e = E[k], a = N[e[0]], b = N[e[1]];
      if (!a.vis || !b.vis || (cross && !e[3])) continue;
      groups[sel && (a === sel || b === sel) ? 2 : (e[3] ? 1 : 0)].push(e);
    }
    var a = Math.max(0.04, Math.min(1, 1500 / Math.max(1, E.length)));  // fainter edges in dense graphs
    var styles = [["rgba(120,120,120," + (0.3 * a).toFixed(3) + ")", 0.6], ["rgba(180,60,160," + (0.5 * a).toFixed(3) + ")", 0.9], ["rgba(20,20,20,0.85)", 1.4]];
    groups.forEach(function (g, gi) {
      if (!g.length) return;
      ctx.strokeStyle = styles[gi][0]; ctx.beginPath();
      g.forEach(function (e) {
        var a = N[e[0]], b = N[e[1]];
        ctx.lineWidth = styles[gi][1];
        ctx.moveTo(sx(a), sy(a)); ctx.lineTo(sx(b), sy(b));
        if (D.directed && (gi === 2 || E.length < 1500)) arrow(a, b);
      });
      ctx.lineWidth = styles[gi][1]; ctx.stroke();
      edgesDrawn += g.length;
    });
    var order = N.filter(function (n) { return n.vis; }).sort(function (p, q) { return p.size - q.size; });
    order.forEach(function (n) {
      var x = sx(n), y = sy(n), r = radius(n);
      if (x < -r || y < -r || x > W + r || y > H + r) { nodesDrawn++; return; }
      ctx.globalAlpha = sel && !near[n.i] ? 0.25 : 1;
      ctx.beginPath(); ctx.arc(x, y, r, 0, 6.2832);
      ctx.fillStyle = colour(n); ctx.fill();
      ctx.lineWidth = n.in_corpus ? 1.6 : 0.6; ctx.strokeStyle = n.hit || n === sel ? "#000" : (n.in_corpus ? "#333" : "#fff"); ctx.stroke();
      nodesDrawn++;
    });
    ctx.globalAlpha = 1;
    ctx.fillStyle = "#222"; ctx.font = "11px system-ui, sans-serif";
    var few = order.length <= 60, top = Math.max(8, Math.round(12 * view.s));
    var labelled = order.filter(function (n, j) { return few || n.hit || n === sel || (sel && near[n.i]) || j >= order.length - top; });
    labelled.slice(-80).forEach(function (n) {
      var x = sx(n) + radius(n) + 2, y = sy(n) + 3;
      if (x < W && y > 0 && y < H) { ctx.strokeStyle = "rgba(250,250,250,0.85)"; ctx.lineWidth = 3; ctx.strokeText(n.label.slice(0, 48), x, y); ctx.fillText(n.label.slice(0, 48), x, y); }
    });
    status.dataset.renderedNodes = nodesDrawn; status.dataset.renderedEdges = edgesDrawn;
    status.textContent = nodesDrawn + " nodes, " + edgesDrawn + " edges shown";
  }
  function arrow(a, b) {
    var x1 = sx(a), y1 = sy(a), x2 = sx(b), y2 = sy(b), r = radius(b), dx = x2 - x1, dy = y2 - y1;
    var L = Math.sqrt(dx * dx + dy * dy); if (L < r + 6) return;
    var ux = dx / L, uy = dy / L, px = x2 - ux * r, py = y2 - uy * r;
    ctx.moveTo(px, py); ctx.lineTo(px - ux * 6 - uy * 3, py - uy * 6 + ux * 3);
    ctx.moveTo(px, py); ctx.lineTo(px - ux * 6 + uy * 3, py - uy * 6 - ux * 3);
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
      row("design", n.design) + row("n", n.n) + row("cluster", n.cluster) + row("cited by", n.cited_by) + row("references", n.references) +
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
  function legend() {
    var h = "";
    if (colourBy === "topic") {
      T.forEach(function (t) { h += "<div><span class=sw style='background:" + t.colour + "'></span>" + esc(t.label) + "</div>"; });
      h += "<div><span class=sw style='background:#9e9e9e'></span>no topic</div>";
    } else if (colourBy === "kind") {
      kindList.forEach(function (k) { h += "<div><span class=sw style='background:" + KINDS[k] + "'></span>" + esc(k) + "</div>"; });
    } else { h = "<div>clusters: colours repeat every " + PALETTE.length + "</div>"; }
    h += "<div class=note>thick outline: document in the corpus; purple edges: cross-topic links</div>";
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
    var o = document.createElement("option"); o.value = c; o.textContent = "cluster " + c + " (" + clusters[c] + ")"; $("cluster").appendChild(o);
  });
  $("summary").textContent = D.kind + " graph · " + N.length + " nodes · " + E.length + " edges" + (D.min_weight > 1 ? " · min weight " + D.min_weight : "");
  ["ymin", "ymax", "noyear", "cluster", "corpusonly"].forEach(function (id) { $(id).addEventListener("change", applyFilters); });
  $("topics").addEventListener("change", applyFilters);
  $("crossonly").addEventListener("change", draw);
  $("search").addEventListener("input", search);
  $("colourby").addEventListener("change", function () { colourBy = this.value; legend(); draw(); });
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
