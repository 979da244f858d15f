"use strict";
(function () {
  // State from GET /api/state (see align/review/view.py). Document text reaches the page
  // only through textContent and input values, never as HTML.
  var token = document.querySelector("meta[name=glossalign-token]").getAttribute("content");
  var LOW = 0.9;  // beads under 0.9 hold most of the errors (README, calibration)
  var data = null;
  var ui = { filter: "all", query: "", current: 0, selected: null, form: null, opened: {} };
  var LANG_NAMES = { zh: "Chinese", en: "English" };
  var MIN_FOLD = 3;  // shorter runs of one-sided beads stay open
  var list = document.getElementById("beads");
  var message = document.getElementById("message");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function button(label, title, onClick, act) {
    var b = el("button", "", label);
    b.type = "button";
    if (title) { b.title = title; }
    if (act) { b.setAttribute("data-act", act); }
    b.addEventListener("click", function (ev) { ev.stopPropagation(); onClick(); });
    return b;
  }

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "message error" : "message";
  }

  function request(path, body) {
    var init = { method: body ? "POST" : "GET", headers: { "X-Glossalign-Token": token } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      body.version = data ? data.version : -1;
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { var e = new Error(j.error || ("HTTP " + r.status)); e.status = r.status; throw e; }
        return j;
      });
    });
  }

  function post(path, body, done) {
    return request(path, body).then(function (j) {
      ui.form = null;
      update(j);
      say(done ? done(j) : "");
    }).catch(function (e) {
      say(e.message, true);
      if (e.status === 409) { load(); }
    });
  }

  function edit(op, args) { args = args || {}; args.op = op; return post("/api/edit", args); }
  function load() { return request("/api/state").then(update); }

  // ------------------------------------------------------------------ rendering

  function isLow(b) { return b.score === null || b.score < LOW; }
  function beadFindings(k) {
    var out = [];
    data.findings.forEach(function (f, i) { if (f.bead === k) { out.push(i); } });
    return out;
  }
  function sepOf(side) { return data.langs[side === "src" ? 0 : 1] === "zh" ? "" : " "; }
  function beadText(b, side) {
    var texts = data[side];
    return b[side].map(function (i) { return texts[i]; }).join(sepOf(side));
  }

  var FILTERS = {
    all: function () { return true; },
    low: function (b) { return isLow(b); },
    findings: function (b, k) { return beadFindings(k).length > 0; },
    unreviewed: function (b) { return b.status === ""; }
  };

  function visible() {
    var keep = FILTERS[ui.filter], out = [];
    data.beads.forEach(function (b, k) {
      if (!keep(b, k)) { return; }
      if (ui.query) {
        var hay = (beadText(b, "src") + "\n" + beadText(b, "tgt")).toLowerCase();
        if (hay.indexOf(ui.query) === -1) { return; }
      }
      out.push(k);
    });
    return out;
  }

  function marked(text, hits) {
    var frag = document.createDocumentFragment(), at = 0;
    hits.slice().sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; }).forEach(function (h) {
      if (h[0] < at) { return; }
      if (h[0] > at) { frag.appendChild(document.createTextNode(text.slice(at, h[0]))); }
      var m = el("mark", "k-" + h[2], text.slice(h[0], h[1]));
      frag.appendChild(m);
      at = h[1];
    });
    if (at < text.length) { frag.appendChild(document.createTextNode(text.slice(at))); }
    return frag;
  }

  function sentence(side, id) {
    var span = el("span", "sent");
    span.setAttribute("data-side", side);
    span.setAttribute("data-id", String(id));
    if (ui.selected && ui.selected.side === side && ui.selected.id === id) {
      span.className = "sent selected";
    }
    span.appendChild(el("span", "sid", String(id)));
    span.appendChild(marked(data[side][id], data.hits[side][id]));
    span.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var same = ui.selected && ui.selected.side === side && ui.selected.id === id;
      ui.selected = same ? null : { side: side, id: id };
      ui.current = beadOf(side, id);
      render();
    });
    return span;
  }

  function beadOf(side, id) {
    for (var k = 0; k < data.beads.length; k++) {
      if (data.beads[k][side].indexOf(id) !== -1) { return k; }
    }
    return -1;
  }

  function sideColumn(b, side) {
    var col = el("div", side);
    if (!b[side].length) { col.appendChild(el("span", "empty-side", "(unaligned)")); }
    b[side].forEach(function (id, n) {
      if (n) { col.appendChild(document.createTextNode(sepOf(side) || "\u200b")); }
      col.appendChild(sentence(side, id));
    });
    return col;
  }

  function actions(b, k) {
    var box = el("div", "actions");
    var confirmed = b.status !== "";
    box.appendChild(button(confirmed ? "✓ Unconfirm" : "✓ Confirm", "c", function () {
      edit(confirmed ? "unconfirm" : "confirm", { bead: k });
    }, confirmed ? "unconfirm" : "confirm"));
    box.appendChild(button("Merge with next", "m", function () { edit("merge", { bead: k }); }, "merge"));
    box.appendChild(button("Split…", "s", function () { openForm("split", k); }, "split"));
    ["src", "tgt"].forEach(function (side) {
      var name = side === "src" ? "source" : "target";
      box.appendChild(button("⇡ " + name, "first " + name + " sentence to the previous bead", function () {
        edit("move", { bead: k, side: side, direction: "prev" });
      }, "move-" + side + "-prev"));
      box.appendChild(button("⇣ " + name, "last " + name + " sentence to the next bead", function () {
        edit("move", { bead: k, side: side, direction: "next" });
      }, "move-" + side + "-next"));
    });
    box.appendChild(button("Edit English…", "e", function () {
      openForm("edit", k, b.tgt.length ? b.tgt[0] : null);
    }, "edit"));
    return box;
  }

  function splitForm(b, k) {
    var form = el("form", "inline");
    form.setAttribute("data-form", "split");
    var pick = function (side) {
      var sel = el("select");
      sel.name = side;
      for (var n = 0; n <= b[side].length; n++) {
        var opt = el("option", "", String(n));
        opt.value = String(n);
        sel.appendChild(opt);
      }
      sel.value = String(Math.ceil(b[side].length / 2));
      return sel;
    };
    var src = pick("src"), tgt = pick("tgt");
    form.appendChild(document.createTextNode("First part: source sentences "));
    form.appendChild(src);
    form.appendChild(document.createTextNode(" target sentences "));
    form.appendChild(tgt);
    form.appendChild(button("Split", "", function () {
      edit("split", { bead: k, src_cut: Number(src.value), tgt_cut: Number(tgt.value) });
    }, "do-split"));
    form.appendChild(button("Cancel", "", closeForm));
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    return form;
  }

  function editForm(id) {
    var form = el("form", "inline");
    form.setAttribute("data-form", "edit");
    var area = el("textarea");
    area.value = data.tgt[id];
    area.setAttribute("data-sentence", String(id));
    var saveIt = function () { edit("edit", { sentence: id, text: area.value }); };
    area.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); saveIt(); }
    });
    form.appendChild(el("span", "", "English sentence " + id + ":"));
    form.appendChild(area);
    form.appendChild(button("Save sentence", "Enter", saveIt, "do-edit"));
    form.appendChild(button("Cancel", "Escape", closeForm));
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    return form;
  }

  function beadNode(k) {
    var b = data.beads[k];
    // A confirmed or edited bead is settled (it saves with score 1): not marked low.
    var cls = "bead" + (b.status ? " " + b.status : (isLow(b) ? " low" : ""));
    var node = el("article", cls + (k === ui.current ? " current" : ""));
    node.id = "bead-" + k;
    node.setAttribute("data-k", String(k));
    var meta = el("div", "meta");
    meta.appendChild(el("span", "num", "#" + k + " · " + b.src.length + "-" + b.tgt.length));
    meta.appendChild(el("span", "score", b.score === null ? "no score" : b.score.toFixed(3)));
    if (b.status) { meta.appendChild(el("span", "badge " + b.status, b.status)); }
    node.appendChild(meta);
    node.appendChild(sideColumn(b, "src"));
    node.appendChild(sideColumn(b, "tgt"));
    var found = beadFindings(k);
    if (found.length) {
      var ul = el("ul", "bead-findings");
      found.forEach(function (i) { ul.appendChild(el("li", "", data.findings[i].message)); });
      node.appendChild(ul);
    }
    node.appendChild(actions(b, k));
    if (ui.form && ui.form.bead === k) {
      node.appendChild(ui.form.kind === "split" ? splitForm(b, k) : editForm(ui.form.sentence));
    }
    node.addEventListener("click", function () { if (ui.current !== k) { ui.current = k; render(); } });
    return node;
  }

  function renderCounts() {
    var box = document.getElementById("counts");
    box.textContent = "";
    [["confirmed", "confirmed"], ["edited", "edited"], ["unreviewed", "unreviewed"]].forEach(function (p) {
      var s = el("span");
      s.id = "count-" + p[0];
      s.appendChild(el("b", "", String(data.counts[p[0]])));
      s.appendChild(document.createTextNode(" " + p[1]));
      box.appendChild(s);
    });
    document.getElementById("output").textContent = "saves to " + data.output + ".*";
    document.getElementById("undo").disabled = !data.canUndo;
    document.getElementById("redo").disabled = !data.canRedo;
    document.getElementById("realign").disabled = !data.canRealign;
  }

  function renderFindings() {
    var ol = document.getElementById("findings");
    ol.textContent = "";
    document.getElementById("ignored").textContent = data.ignored ? "(" + data.ignored + " ignored)" : "";
    if (!data.findings.length) { ol.appendChild(el("li", "muted", "none")); }
    data.findings.forEach(function (f, i) {
      var li = el("li");
      li.setAttribute("data-finding", String(i));
      var go = el("a", "", "bead " + f.bead);
      go.href = "#bead-" + f.bead;
      go.addEventListener("click", function (ev) { ev.preventDefault(); jump(f.bead); });
      li.appendChild(go);
      li.appendChild(document.createTextNode(" · " + f.check + ": " + f.message));
      var acts = el("div", "acts");
      acts.appendChild(button("Fix in the English…", "edit the sentence", function () {
        openForm("edit", f.bead, sentenceAt(f.bead, f.span));
      }, "accept"));
      var reason = el("input");
      reason.placeholder = "reason to ignore";
      reason.setAttribute("data-reason", String(i));
      acts.appendChild(reason);
      acts.appendChild(button("Ignore", "keep in the project's ignore list", function () {
        post("/api/ignore", { finding: i, reason: reason.value });
      }, "ignore"));
      li.appendChild(acts);
      ol.appendChild(li);
    });
  }

  function sentenceAt(k, span) {
    var b = data.beads[k], at = 0, sep = sepOf("tgt").length;
    if (!b.tgt.length) { return null; }
    for (var n = 0; n < b.tgt.length; n++) {
      at += data.tgt[b.tgt[n]].length + sep;
      if (span && span[0] < at) { return b.tgt[n]; }
    }
    return b.tgt[0];
  }

  function renderTerms() {
    var ol = document.getElementById("terms");
    ol.textContent = "";
    if (!data.terms.length) { ol.appendChild(el("li", "muted", "none")); }
    data.terms.forEach(function (t) {
      var li = el("li");
      li.setAttribute("data-term", t.source);
      li.appendChild(el("b", "", t.source));
      li.appendChild(document.createTextNode(" (" + t.beads + " beads) → "));
      var input = el("input");
      input.value = t.target;
      input.setAttribute("aria-label", "rendering of " + t.source);
      li.appendChild(input);
      var acts = el("div", "acts");
      acts.appendChild(button("Accept", "add to the glossary as admitted", function () {
        post("/api/term", { source: t.source, target: input.value }, function () {
          return "added " + t.source + " → " + input.value + " to the glossary (admitted)";
        });
      }, "accept-term"));
      acts.appendChild(button("Reject", "", function () {
        post("/api/term", { source: t.source, target: null });
      }, "reject-term"));
      li.appendChild(acts);
      ol.appendChild(li);
    });
  }

  // Runs of one-sided beads (sentences with no counterpart) are folded, as on the review page.
  function oneSided(k) { return !data.beads[k].src.length || !data.beads[k].tgt.length; }

  function foldEnd(shown, at) {
    var end = at;
    while (oneSided(shown[at]) && end + 1 < shown.length && shown[end + 1] === shown[end] + 1 &&
           oneSided(shown[end + 1])) { end++; }
    return end;
  }

  function span(first, last, side) {
    var ids = [];
    for (var k = first; k <= last; k++) { ids = ids.concat(data.beads[k][side]); }
    if (!ids.length) { return ""; }
    var lo = ids[0] + 1, hi = ids[ids.length - 1] + 1;
    var name = LANG_NAMES[data.langs[side === "src" ? 0 : 1]] || side;
    return name + (lo === hi ? " sentence " + lo : " sentences " + lo + "–" + hi);
  }

  function foldNode(first, last) {
    var fold = el("details", "fold");
    var key = String(data.beads[first].src[0]) + ":" + String(data.beads[first].tgt[0]);
    fold.open = ui.opened[key] || (ui.current >= first && ui.current <= last);
    fold.addEventListener("toggle", function () { ui.opened[key] = fold.open; });
    var spans = [span(first, last, "src"), span(first, last, "tgt")].filter(Boolean);
    fold.appendChild(el("summary", "", spans.join(", ") + ": no counterpart (numbered from 1)"));
    for (var k = first; k <= last; k++) { fold.appendChild(beadNode(k)); }
    return fold;
  }

  function render() {
    if (ui.current >= data.beads.length) { ui.current = data.beads.length - 1; }
    renderCounts();
    var shown = visible();
    list.textContent = "";
    if (!shown.length) { list.appendChild(el("p", "muted", "No bead matches.")); }
    for (var at = 0; at < shown.length; at++) {
      var end = foldEnd(shown, at);
      if (end - at + 1 >= MIN_FOLD) {
        list.appendChild(foldNode(shown[at], shown[end]));
        at = end;
      } else {
        list.appendChild(beadNode(shown[at]));
      }
    }
    renderFindings();
    renderTerms();
    var area = list.querySelector("form.inline textarea, form.inline select");
    if (area) { area.focus(); }
  }

  function update(j) {
    data = j;
    if (ui.selected && beadOf(ui.selected.side, ui.selected.id) === -1) { ui.selected = null; }
    render();
    document.body.setAttribute("data-ready", "true");
    document.body.setAttribute("data-version", String(data.version));
  }

  // ------------------------------------------------------------------ actions

  function openForm(kind, k, sentence) {
    if (kind === "edit" && (sentence === null || sentence === undefined)) {
      say("bead " + k + " has no English sentence to edit", true);
      return;
    }
    ui.form = { kind: kind, bead: k, sentence: sentence };
    ui.current = k;
    render();
    scrollToCurrent();
  }

  function closeForm() { ui.form = null; render(); }

  function scrollToCurrent() {
    var node = document.getElementById("bead-" + ui.current);
    if (node) { node.scrollIntoView({ block: "center" }); }
  }

  function jump(k) {
    if (visible().indexOf(k) === -1) { ui.filter = "all"; ui.query = ""; syncControls(); }
    ui.current = k;
    render();
    scrollToCurrent();
  }

  function step(delta) {
    var shown = visible();
    if (!shown.length) { return; }
    var at = shown.indexOf(ui.current);
    var next = at === -1 ? shown[0] : shown[Math.max(0, Math.min(shown.length - 1, at + delta))];
    jump(next);
  }

  function nextLow() {
    var n = data.beads.length;
    for (var d = 1; d <= n; d++) {
      var k = (ui.current + d) % n, b = data.beads[k];
      if (b.status === "" && isLow(b)) { jump(k); return; }
    }
    say("no unreviewed bead under " + LOW);
  }

  function moveSelected(direction) {
    var s = ui.selected;
    if (!s) { say("click a sentence first", true); return; }
    edit("move", { bead: beadOf(s.side, s.id), side: s.side, direction: direction });
  }

  function syncControls() {
    document.getElementById("search").value = ui.query;
    document.querySelectorAll(".filters button").forEach(function (b) {
      b.className = b.getAttribute("data-filter") === ui.filter ? "on" : "";
    });
  }

  function save() {
    post("/api/save", {}, function (j) { return "Saved: " + j.written.join(", "); });
  }

  var KEYS = {
    j: function () { step(1); },
    k: function () { step(-1); },
    c: function () { edit(data.beads[ui.current].status ? "unconfirm" : "confirm", { bead: ui.current }); },
    m: function () { edit("merge", { bead: ui.current }); },
    s: function () { openForm("split", ui.current); },
    e: function () {
      var s = ui.selected, b = data.beads[ui.current];
      openForm("edit", ui.current, s && s.side === "tgt" ? s.id : (b.tgt.length ? b.tgt[0] : null));
    },
    u: function () {
      var s = ui.selected;
      if (!s) { say("click a sentence first", true); return; }
      edit("unalign", { bead: beadOf(s.side, s.id), side: s.side, sentence: s.id });
    },
    "[": function () { moveSelected("prev"); },
    "]": function () { moveSelected("next"); },
    r: function () { edit("realign"); },
    n: nextLow,
    z: function () { edit("undo"); },
    y: function () { edit("redo"); },
    "/": function () { document.getElementById("search").focus(); }
  };

  document.addEventListener("keydown", function (ev) {
    var tag = ev.target && ev.target.tagName;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") { ev.preventDefault(); save(); return; }
    if (ev.key === "Escape" && ui.form) { ev.preventDefault(); closeForm(); return; }
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || ev.ctrlKey || ev.metaKey || ev.altKey) {
      return;
    }
    var handler = KEYS[ev.key];
    if (handler && data) { ev.preventDefault(); handler(); }
  });

  document.getElementById("undo").addEventListener("click", function () { edit("undo"); });
  document.getElementById("redo").addEventListener("click", function () { edit("redo"); });
  document.getElementById("realign").addEventListener("click", function () {
    say("re-aligning…");
    var started = Date.now();
    edit("realign").then(function () {
      if (!message.classList.contains("error")) { say("re-aligned in " + (Date.now() - started) + " ms"); }
    });
  });
  document.getElementById("next-low").addEventListener("click", nextLow);
  document.getElementById("save").addEventListener("click", save);
  document.querySelectorAll(".filters button").forEach(function (b) {
    b.addEventListener("click", function () { ui.filter = b.getAttribute("data-filter"); syncControls(); render(); });
  });
  document.getElementById("search").addEventListener("input", function (ev) {
    ui.query = ev.target.value.trim().toLowerCase();
    render();
  });

  load().catch(function (e) { say(e.message, true); });
})();
