"use strict";
(function () {
  // State from GET /api/state (see align/review/view.py). Document text reaches the page
  // only through textContent and input values, never as HTML. Ids are zero-based as in the
  // files; everything the page shows counts from 1, as translators count.
  var token = document.querySelector("meta[name=glossalign-token]").getAttribute("content");
  var LOW = 0.9;  // beads under 0.9 hold most of the errors (README, calibration)
  var SHOW_AFTER = 300;  // ms: any request slower than this shows its progress
  var MIN_FOLD = 3;  // shorter runs of one-sided beads stay open
  var LANG_NAMES = { zh: "Chinese", en: "English" };
  var data = null;
  var ui = { filter: "all", query: "", current: 0, selected: null, range: null, form: null,
             opened: {}, linking: null };
  var queue = [], inFlight = null, offline = false, polling = null;
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
    b.addEventListener("click", function (ev) { ev.stopPropagation(); ev.preventDefault(); onClick(); });
    return b;
  }

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "message error" : "message";
  }

  function sideName(side) { return LANG_NAMES[data.langs[side === "src" ? 0 : 1]] || side; }

  // ------------------------------------------------------------------ requests
  // Changes go one at a time, in order, each with the version it was made on and an id: a
  // change that reached a server which then stopped is sent again after it restarts, and the
  // server does not apply it twice.

  var progressTimer = null;
  function showProgress(label) {
    var box = document.getElementById("progress");
    box.querySelector(".label").textContent = label;
    box.className = "progress";
  }
  function hideProgress() {
    clearTimeout(progressTimer);
    progressTimer = null;
    if (!polling) { document.getElementById("progress").className = "progress hidden"; }
  }

  function fetchJson(path, init) {
    return fetch(path, init).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { var e = new Error(j.error || ("HTTP " + r.status)); e.status = r.status; throw e; }
        return j;
      });
    });
  }

  function get(path) {
    return fetchJson(path, { method: "GET", headers: { "X-Glossalign-Token": token } });
  }

  function newId() {
    var bytes = new Uint8Array(9);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // make(): {path, body, label, done} or null (nothing to send), evaluated when its turn comes,
  // so that it reads the page as the previous change left it.
  function enqueue(make) { queue.push(make); pump(); }

  function pump() {
    if (inFlight || offline || !queue.length) { return; }
    var spec = queue.shift()();
    if (!spec) { pump(); return; }
    spec.body.version = data.version;
    spec.body.request = newId();
    send(spec);
  }

  function send(spec) {
    inFlight = spec;
    progressTimer = setTimeout(function () { showProgress(spec.label || "working…"); }, SHOW_AFTER);
    fetchJson(spec.path, {
      method: "POST",
      headers: { "X-Glossalign-Token": token, "Content-Type": "application/json" },
      body: JSON.stringify(spec.body)
    }).then(function (j) {
      inFlight = null;
      hideProgress();
      ui.form = null;
      update(j);
      say(spec.done ? spec.done(j) : "");
      pump();
    }).catch(function (e) {
      hideProgress();
      if (e.status === undefined) { goOffline(); return; }  // no answer: kept, sent again
      inFlight = null;
      say(e.message, true);
      if (e.status === 409) { queue = []; load(); } else { pump(); }
    });
  }

  function post(path, body, label, done) {
    enqueue(function () { return { path: path, body: body, label: label, done: done }; });
  }

  function edit(op, args, label, done) {
    args = args || {};
    args.op = op;
    post("/api/edit", args, label, done);
  }

  function load() { return get("/api/state").then(update); }

  // The server stopped: say so, try again every 2 s, and send what was waiting once it is back.
  function goOffline() {
    if (offline) { return; }
    offline = true;
    var box = document.getElementById("offline");
    box.textContent = "The review server does not answer. Start it again with the same command " +
      "(the session file keeps every edit): this page reconnects by itself. If it prints another " +
      "port, open the URL it prints.";
    box.className = "offline";
    var retry = function () {
      get("/api/state").then(function (j) {
        offline = false;
        box.className = "offline hidden";
        update(j);
        say("reconnected");
        if (inFlight) { var again = inFlight; inFlight = null; send(again); } else { pump(); }
      }).catch(function () { setTimeout(retry, 2000); });
    };
    setTimeout(retry, 2000);
  }

  // While a re-alignment runs on the server, show how far it is and take its result.
  function watchJob() {
    if (polling) { return; }
    polling = setInterval(function () {
      if (offline) { return; }
      get("/api/job").then(function (j) {
        var job = j.job;
        if (job.running) {
          var part = job.total ? " (run " + Math.min(job.done + 1, job.total) + " of " + job.total + ")" : "";
          showProgress("re-aligning" + part + " · " + job.seconds.toFixed(1) + " s; you can go on editing");
        }
        if (!job.running) {
          clearInterval(polling);
          polling = null;
          if (!inFlight) { hideProgress(); }
          if (job.error) { say(job.error, true); }
        }
        if ((j.version !== data.version || !job.running) && !inFlight && !queue.length) {
          load().then(function () {
            if (!job.running && !job.error) { say("re-aligned in " + job.seconds.toFixed(1) + " s"); }
          });
        }
      }).catch(function () { goOffline(); });
    }, 300);
  }

  // ------------------------------------------------------------------ rendering

  function isLow(b) { return b.score === null || b.score < LOW; }
  function beadFindings(k) {
    var out = [];
    data.findings.forEach(function (f, i) { if (f.bead === k) { out.push(i); } });
    return out;
  }
  // The joining rule of align.beads.join_sentences: a space only where two Latin-script runs
  // meet, none next to Chinese; between digits and symbols, as the side's language writes.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef]|[\u{20000}-\u{2ffff}]/u;
  function scriptOf(ch) {
    if (CJK.test(ch)) { return "zh"; }
    return /\p{L}/u.test(ch) ? "en" : null;
  }
  function sepBetween(side, before, after) {
    if (!before || !after) { return ""; }
    var a = scriptOf(Array.from(before).pop()), z = scriptOf(Array.from(after)[0]);
    if (a === "zh" || z === "zh") { return ""; }
    if (a === "en" || z === "en") { return " "; }
    return data.langs[side === "src" ? 0 : 1] === "zh" ? "" : " ";
  }
  function beadText(b, side) {
    var texts = data[side], out = "";
    b[side].forEach(function (i) { out += sepBetween(side, out, texts[i]) + texts[i]; });
    return out;
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
      frag.appendChild(el("mark", "k-" + h[2], text.slice(h[0], h[1])));
      at = h[1];
    });
    if (at < text.length) { frag.appendChild(document.createTextNode(text.slice(at))); }
    return frag;
  }

  function isSelected(side, id) { return ui.selected && ui.selected.side === side && ui.selected.id === id; }

  function sentence(side, id) {
    var span = el("span", isSelected(side, id) ? "sent selected" : "sent");
    span.setAttribute("data-side", side);
    span.setAttribute("data-id", String(id));
    span.tabIndex = isSelected(side, id) ? 0 : -1;
    span.setAttribute("aria-label", sideName(side) + " sentence " + (id + 1));
    span.appendChild(el("span", "sid", String(id + 1)));
    span.appendChild(marked(data[side][id], data.hits[side][id]));
    span.addEventListener("click", function (ev) { ev.stopPropagation(); clickSentence(side, id, ev); });
    span.addEventListener("dblclick", function (ev) { ev.stopPropagation(); editSentence(side, id); });
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
      if (n) {
        var sep = sepBetween(side, data[side][b[side][n - 1]], data[side][id]);
        col.appendChild(document.createTextNode(sep || "\u200b"));
      }
      col.appendChild(sentence(side, id));
    });
    return col;
  }

  function actions(b, k) {
    var box = el("div", "actions");
    if (b.status !== "confirmed") {
      box.appendChild(button("✓ Confirm", "c", function () { confirmCurrent(k); }, "confirm"));
    }
    if (b.status && !b.crossing) {
      box.appendChild(button("Unconfirm", "x", function () { edit("unconfirm", { bead: k }); }, "unconfirm"));
    }
    if (b.crossing) {
      box.appendChild(button("Unlink", "L: give the two sentences back", function () { edit("unlink", { bead: k }); }, "unlink"));
      return box;
    }
    box.appendChild(button("Merge with next", "m", function () { edit("merge", { bead: k }); }, "merge"));
    box.appendChild(button("Split…", "s", function () { openForm({ kind: "split", bead: k }); }, "split"));
    ["src", "tgt"].forEach(function (side) {
      var name = side === "src" ? "source" : "target";
      box.appendChild(button("⇡ " + name, "first " + name + " sentence to the previous bead", function () {
        edit("move", { bead: k, side: side, direction: "prev" });
      }, "move-" + side + "-prev"));
      box.appendChild(button("⇣ " + name, "last " + name + " sentence to the next bead", function () {
        edit("move", { bead: k, side: side, direction: "next" });
      }, "move-" + side + "-next"));
    });
    box.appendChild(button("Edit…", "e: the selected sentence, else the first English one", function () {
      ui.current = k;
      KEYS.e();
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

  function sentenceForm(side, id) {
    var form = el("form", "inline");
    form.setAttribute("data-form", "edit");
    var area = el("textarea");
    area.value = data[side][id];
    area.setAttribute("data-side", side);
    area.setAttribute("data-sentence", String(id));
    var saveIt = function () { edit("edit", { side: side, sentence: id, text: area.value }); };
    area.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); saveIt(); }
    });
    form.appendChild(el("span", "", sideName(side) + " sentence " + (id + 1) + ":"));
    form.appendChild(area);
    form.appendChild(button("Save sentence", "Enter", saveIt, "do-edit"));
    form.appendChild(button("Split at the caret", "two sentences, cut where the caret is", function () {
      edit("split_sentence", { side: side, sentence: id, text: area.value, at: area.selectionStart },
           "splitting and re-aligning around it…");
    }, "do-split-sentence"));
    if (id + 1 < data[side].length) {
      form.appendChild(button("Join with the next sentence", "sentences " + (id + 1) + " and " + (id + 2) + " as one", function () {
        edit("join_sentence", { side: side, sentence: id }, "joining and re-aligning around it…");
      }, "do-join"));
    }
    form.appendChild(button("Cancel", "Escape", closeForm));
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    return form;
  }

  function inRange(k) {
    return ui.range && k >= Math.min(ui.range[0], ui.range[1]) && k <= Math.max(ui.range[0], ui.range[1]);
  }

  function beadNode(k) {
    var b = data.beads[k];
    // A confirmed or edited bead is settled (it saves with score 1): not marked low.
    var cls = "bead" + (b.status ? " " + b.status : (isLow(b) ? " low" : "")) + (b.crossing ? " crossing" : "");
    var node = el("article", cls + (k === ui.current ? " current" : "") + (inRange(k) ? " in-range" : ""));
    node.id = "bead-" + k;
    node.tabIndex = -1;
    node.setAttribute("data-k", String(k));
    var meta = el("div", "meta");
    meta.appendChild(el("span", "num", "#" + (k + 1) + " · " + b.src.length + "-" + b.tgt.length));
    meta.appendChild(el("span", "score", b.score === null ? "no score" : b.score.toFixed(3)));
    if (b.crossing) {
      meta.appendChild(el("span", "badge crossing", "crossing link"));
    } else if (b.status) {
      meta.appendChild(el("span", "badge " + b.status, b.status));
    }
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
      node.appendChild(ui.form.kind === "split" ? splitForm(b, k) : sentenceForm(ui.form.side, ui.form.sentence));
    }
    node.addEventListener("click", function (ev) { clickBead(k, ev); });
    return node;
  }

  function renderCounts() {
    var box = document.getElementById("counts");
    box.textContent = "";
    var low = data.beads.filter(function (b) { return b.status === "" && isLow(b); }).length;
    [["confirmed", data.counts.confirmed], ["edited", data.counts.edited],
     ["unreviewed", data.counts.unreviewed], ["low", low]].forEach(function (p) {
      var s = el("span");
      s.id = "count-" + p[0];
      if (p[0] === "low") { s.appendChild(document.createTextNode("(")); }
      s.appendChild(el("b", "", String(p[1])));
      s.appendChild(document.createTextNode(p[0] === "low" ? " low)" : " " + p[0]));
      box.appendChild(s);
    });
    document.getElementById("output").textContent = "saves to " + data.output + ".*";
    if (data.pair) {
      var back = document.getElementById("all-pairs");
      back.href = "/?token=" + encodeURIComponent(token);
      back.className = "pair-link";
      document.querySelector("h1").textContent = "Pair " + data.pair;
    }
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
      var go = el("a", "", "bead " + (f.bead + 1));
      go.href = "#bead-" + f.bead;
      go.addEventListener("click", function (ev) { ev.preventDefault(); jump(f.bead); });
      li.appendChild(go);
      li.appendChild(document.createTextNode(" · " + f.check + ": " + f.message));
      var acts = el("div", "acts");
      acts.appendChild(button("Fix in the English…", "edit the sentence", function () {
        var id = sentenceAt(f.bead, f.span);
        if (id === null) { say("bead " + (f.bead + 1) + " has no English sentence to edit", true); return; }
        openForm({ kind: "edit", bead: f.bead, side: "tgt", sentence: id });
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
    var b = data.beads[k], text = "";
    if (!b.tgt.length) { return null; }
    for (var n = 0; n < b.tgt.length; n++) {
      var next = data.tgt[b.tgt[n]];
      text += sepBetween("tgt", text, next) + next;
      if (span && span[0] < text.length) { return b.tgt[n]; }
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
        post("/api/term", { source: t.source, target: input.value }, "adding to the glossary…", function () {
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
  function oneSided(k) { var b = data.beads[k]; return !b.crossing && (!b.src.length || !b.tgt.length); }

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
    return sideName(side) + (lo === hi ? " sentence " + lo : " sentences " + lo + "–" + hi);
  }

  function foldNode(first, last) {
    var fold = el("details", "fold");
    var key = String(data.beads[first].src[0]) + ":" + String(data.beads[first].tgt[0]);
    fold.open = ui.opened[key] || (ui.current >= first && ui.current <= last);
    fold.addEventListener("toggle", function () { ui.opened[key] = fold.open; });
    var spans = [span(first, last, "src"), span(first, last, "tgt")].filter(Boolean);
    var summary = el("summary", "", spans.join(", ") + ": no counterpart (numbered from 1)");
    var open = 0;
    for (var k = first; k <= last; k++) { if (!data.beads[k].status) { open++; } }
    if (open) {
      summary.appendChild(button("Confirm these " + open, "each sentence here has no counterpart", function () {
        edit("confirm_range", { first: first, last: last });
      }, "confirm-fold"));
    }
    fold.appendChild(summary);
    for (k = first; k <= last; k++) { fold.appendChild(beadNode(k)); }
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
    document.body.className = ui.linking ? "linking" : "";
    var area = list.querySelector("form.inline textarea, form.inline select");
    if (area) { area.focus(); return; }
    var focus = list.querySelector(".sent.selected") || document.getElementById("bead-" + ui.current);
    if (focus && document.activeElement && document.activeElement.tagName !== "INPUT") {
      focus.focus({ preventScroll: true });
    }
  }

  function update(j) {
    data = j;
    if (ui.selected && beadOf(ui.selected.side, ui.selected.id) !== ui.current) { ui.selected = null; }
    if (ui.range && (ui.range[0] >= data.beads.length || ui.range[1] >= data.beads.length)) { ui.range = null; }
    render();
    document.body.setAttribute("data-ready", "true");
    document.body.setAttribute("data-version", String(data.version));
    if (data.job.running) { watchJob(); }
  }

  // ------------------------------------------------------------------ actions

  // The current bead changes: the sentence selection and the range go (keys act on what is seen).
  function setCurrent(k, keepRange) {
    if (k !== ui.current) { ui.selected = null; }
    if (!keepRange) { ui.range = null; }
    ui.current = k;
  }

  function clickBead(k, ev) {
    if (ev.shiftKey) {
      ui.range = [ui.range ? ui.range[0] : ui.current, k];
      setCurrent(k, true);
    } else {
      setCurrent(k);
    }
    render();
  }

  function clickSentence(side, id, ev) {
    if (ui.linking) {
      var from = ui.linking;
      if (side === from.side) { say("click a sentence of the other side (Escape cancels)", true); return; }
      ui.linking = null;
      var args = from.side === "src" ? { src: from.id, tgt: id } : { src: id, tgt: from.id };
      edit("link", args, "linking…");
      return;
    }
    var k = beadOf(side, id);
    if (ev.shiftKey) { clickBead(k, ev); return; }
    setCurrent(k);
    ui.selected = { side: side, id: id };
    render();
  }

  function openForm(form) {
    setCurrent(form.bead);
    if (form.kind === "edit") { ui.selected = { side: form.side, id: form.sentence }; }
    ui.form = form;
    render();
    scrollToCurrent();
  }

  function editSentence(side, id) { openForm({ kind: "edit", bead: beadOf(side, id), side: side, sentence: id }); }

  function closeForm() { ui.form = null; render(); }

  function scrollToCurrent() {
    var node = document.getElementById("bead-" + ui.current);
    if (node) { node.scrollIntoView({ block: "center" }); }
  }

  function jump(k, keepRange) {
    if (visible().indexOf(k) === -1) { ui.filter = "all"; ui.query = ""; syncControls(); }
    setCurrent(k, keepRange);
    render();
    scrollToCurrent();
  }

  function step(delta, extend) {
    var shown = visible();
    if (!shown.length) { return; }
    var at = shown.indexOf(ui.current);
    var next = at === -1 ? shown[0] : shown[Math.max(0, Math.min(shown.length - 1, at + delta))];
    if (extend) { ui.range = [ui.range ? ui.range[0] : ui.current, next]; }
    jump(next, extend);
  }

  // Left/right: the previous/next sentence of the current bead (source, then target).
  function stepSentence(delta) {
    var b = data.beads[ui.current], all = [];
    b.src.forEach(function (id) { all.push({ side: "src", id: id }); });
    b.tgt.forEach(function (id) { all.push({ side: "tgt", id: id }); });
    if (!all.length) { return; }
    var at = -1;
    all.forEach(function (s, n) { if (isSelected(s.side, s.id)) { at = n; } });
    var n = at === -1 ? (delta > 0 ? 0 : all.length - 1) : (at + delta + all.length) % all.length;
    ui.selected = all[n];
    render();
  }

  function nextLowFrom(k) {
    var n = data.beads.length;
    for (var d = 1; d <= n; d++) {
      var j = (k + d) % n, b = data.beads[j];
      if (b.status === "" && isLow(b)) { return j; }
    }
    return -1;
  }

  function nextLow() {
    var k = nextLowFrom(ui.current);
    if (k === -1) { say("no unreviewed bead under " + LOW); return; }
    jump(k);
  }

  function confirmCurrent(k) {
    if (ui.range) {
      var range = ui.range;
      ui.range = null;
      edit("confirm_range", { first: range[0], last: range[1] });
      return;
    }
    k = k === undefined ? ui.current : k;
    if (data.beads[k].status === "confirmed") { say("bead " + (k + 1) + " is confirmed already (x takes it back)"); return; }
    edit("confirm", { bead: k });
  }

  // a: confirm the current bead, then go to the next unreviewed low one.
  function confirmAndNext() {
    var k = ui.current, was = data.beads[k];
    if (was.status !== "confirmed") {
      edit("confirm", { bead: k }, "", function () {
        var next = nextLowFrom(k);
        if (next !== -1) { jump(next); return ""; }
        return "confirmed; no unreviewed bead under " + LOW + " is left";
      });
    } else {
      nextLow();
    }
  }

  function selectedAtEdge(edge) {
    var s = ui.selected;
    if (!s) { say("select a sentence first: click it, or use ← / →", true); return null; }
    var ids = data.beads[ui.current][s.side];
    var at = edge === "first" ? ids[0] : edge === "last" ? ids[ids.length - 1] : null;
    if (edge !== "any" && at !== s.id) {
      say("only the " + edge + " sentence of a bead can go to the " + (edge === "first" ? "previous" : "next") +
          " bead: split the bead first", true);
      return null;
    }
    if (edge === "any" && s.id !== ids[0] && s.id !== ids[ids.length - 1]) {
      say("only a bead's first or last sentence can be marked unaligned: split the bead first", true);
      return null;
    }
    return s;
  }

  function moveSelected(direction) {
    var s = selectedAtEdge(direction === "prev" ? "first" : "last");
    if (s) { edit("move", { bead: ui.current, side: s.side, direction: direction }); }
  }

  function syncControls() {
    document.getElementById("search").value = ui.query;
    document.querySelectorAll(".filters button").forEach(function (b) {
      b.className = b.getAttribute("data-filter") === ui.filter ? "on" : "";
    });
  }

  function save() {
    post("/api/save", {}, "saving…", function (j) { return "Saved: " + j.written.join(", "); });
  }

  function realign() {
    say("");
    post("/api/realign", {}, "starting the re-alignment…", function (j) {
      return j.job.running ? "" : "re-aligned in " + j.job.seconds.toFixed(1) + " s";
    });
  }

  var KEYS = {
    j: function () { step(1); },
    k: function () { step(-1); },
    J: function () { step(1, true); },
    K: function () { step(-1, true); },
    ArrowDown: function () { step(1); },
    ArrowUp: function () { step(-1); },
    ArrowRight: function () { stepSentence(1); },
    ArrowLeft: function () { stepSentence(-1); },
    c: function () { confirmCurrent(); },
    x: function () {
      if (!data.beads[ui.current].status) { say("bead " + (ui.current + 1) + " is not confirmed"); return; }
      edit("unconfirm", { bead: ui.current });
    },
    a: confirmAndNext,
    m: function () { edit("merge", { bead: ui.current }); },
    s: function () { openForm({ kind: "split", bead: ui.current }); },
    e: function () {
      var s = ui.selected, b = data.beads[ui.current];
      if (s) { editSentence(s.side, s.id); return; }
      if (b.tgt.length) { editSentence("tgt", b.tgt[0]); return; }
      if (b.src.length) { editSentence("src", b.src[0]); }
    },
    Enter: function () { if (ui.selected) { editSentence(ui.selected.side, ui.selected.id); } },
    u: function () {
      var s = selectedAtEdge("any");
      if (s) { edit("unalign", { bead: ui.current, side: s.side, sentence: s.id }); }
    },
    l: function () {
      if (!ui.selected) { say("select a sentence first, then press l and click its counterpart", true); return; }
      ui.linking = ui.selected;
      var other = sideName(ui.selected.side === "src" ? "tgt" : "src");
      say("click the " + other + " sentence to link with " + sideName(ui.selected.side) + " sentence " +
          (ui.selected.id + 1) + " (Escape cancels)");
      render();
    },
    L: function () {
      if (!data.beads[ui.current].crossing) { say("bead " + (ui.current + 1) + " is not a crossing link", true); return; }
      edit("unlink", { bead: ui.current });
    },
    "[": function () { moveSelected("prev"); },
    "]": function () { moveSelected("next"); },
    r: realign,
    n: nextLow,
    z: function () { edit("undo"); },
    y: function () { edit("redo"); },
    "/": function () { document.getElementById("search").focus(); }
  };

  function escape() {
    if (ui.form) { closeForm(); return; }
    if (ui.linking) { ui.linking = null; say(""); render(); return; }
    ui.range = null;
    ui.selected = null;
    render();
  }

  document.addEventListener("keydown", function (ev) {
    var tag = ev.target && ev.target.tagName;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") { ev.preventDefault(); save(); return; }
    if (ev.key === "Escape") { ev.preventDefault(); escape(); return; }
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || ev.ctrlKey || ev.metaKey || ev.altKey) {
      return;
    }
    if (tag === "BUTTON" && (ev.key === "Enter" || ev.key === " ")) { return; }
    var handler = KEYS[ev.key];
    if (handler && data) { ev.preventDefault(); handler(); }
  });

  document.getElementById("undo").addEventListener("click", function () { edit("undo"); });
  document.getElementById("redo").addEventListener("click", function () { edit("redo"); });
  document.getElementById("realign").addEventListener("click", realign);
  document.getElementById("next-low").addEventListener("click", nextLow);
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("confirm-above").addEventListener("click", function () {
    var score = Number(document.getElementById("above").value);
    edit("confirm_above", { score: score }, "", function () { return "confirmed every bead scoring at least " + score; });
  });
  document.querySelectorAll(".filters button").forEach(function (b) {
    b.addEventListener("click", function () { ui.filter = b.getAttribute("data-filter"); syncControls(); render(); });
  });
  document.getElementById("search").addEventListener("input", function (ev) {
    ui.query = ev.target.value.trim().toLowerCase();
    render();
  });
  document.getElementById("panel").open = window.innerWidth > 1000;

  load().catch(function (e) { if (e.status === undefined) { goOffline(); } else { say(e.message, true); } });
})();
