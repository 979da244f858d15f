"use strict";
(function () {
  // Data: {low, pageSize, langs: [src, tgt], tags: [BCP 47 src, tgt], findings: [[bead|null, check, message]],
  //        terms: ["source → target" per glossary entry], kinds: {code: name of a mark},
  //        beads: [[srcIds, tgtIds, score|null, srcText, tgtText, findingIds]]}
  // where a text is a string or a list of strings and [surface, kindCode, entry] marks.
  // Document text only ever reaches the page through textContent.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var beads = data.beads;
  var list = document.getElementById("beads");
  var search = document.getElementById("search");
  var unit = list.getAttribute("data-unit");
  var state = { filter: "all", query: "", page: 0, current: -1 };
  var visible = [];
  var haystack = null;
  var timer = 0;  // debounces the search on large documents
  var LANG_NAMES = { zh: "Chinese", en: "English" };
  var MIN_FOLD = 3;  // shorter runs of one-sided beads stay open

  function isLow(b) { return b[2] === null || b[2] < data.low; }
  function hasFindings(b) { return b[5].length > 0; }
  function isFlagged(b) { return isLow(b) || hasFindings(b); }
  var FILTERS = {
    all: function () { return true; },
    flagged: isFlagged,
    low: isLow,
    findings: hasFindings
  };

  function plain(text) {
    if (typeof text === "string") { return text; }
    return text.map(function (p) { return typeof p === "string" ? p : p[0]; }).join("");
  }

  function matches(i) {
    if (!state.query) { return true; }
    if (haystack === null) {
      haystack = beads.map(function (b) {
        return (plain(b[3]) + "\n" + plain(b[4])).toLowerCase();
      });
    }
    return haystack[i].indexOf(state.query) !== -1;
  }

  function recompute() {
    var keep = FILTERS[state.filter];
    visible = [];
    for (var i = 0; i < beads.length; i++) {
      if (keep(beads[i]) && matches(i)) { visible.push(i); }
    }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function idRange(prefix, ids) {
    if (!ids.length) { return ""; }
    var first = ids[0], last = ids[ids.length - 1];
    return prefix + (first === last ? first : first + "–" + last);
  }

  function side(cls, lang, prefix, ids, text) {
    var cell = el("div", "side " + cls);
    cell.lang = lang;
    if (!ids.length) { return cell; }
    cell.appendChild(el("span", "sid", idRange(prefix, ids)));
    var parts = typeof text === "string" ? [text] : text;
    for (var k = 0; k < parts.length; k++) {
      var p = parts[k];
      if (typeof p === "string") {
        cell.appendChild(document.createTextNode(p));
      } else {
        var mark = el("mark", "k-" + p[1], p[0]);
        mark.setAttribute("data-entry", String(p[2]));
        mark.title = data.kinds[p[1]] + ": " + data.terms[p[2]];
        cell.appendChild(mark);
      }
    }
    return cell;
  }

  function scoreClass(score) {
    return score === null ? "sn" : "s" + Math.max(0, Math.min(9, Math.floor(score * 10)));
  }

  function beadNode(i) {
    var b = beads[i];
    var low = isLow(b);
    var node = el("article", "bead " + scoreClass(b[2]) + (low ? " low" : "") +
      (hasFindings(b) ? " has-findings" : "") + (i === state.current ? " current" : ""));
    node.id = "bead-" + i;
    node.setAttribute("data-i", String(i));
    var gutter = el("div", "gutter");
    var head = el("span", "head");
    var link = el("a", "bid", "#" + i);
    link.href = "#bead-" + i;
    head.appendChild(link);
    head.appendChild(el("span", "kind", unit === "link" ? "link" : b[0].length + "-" + b[1].length));
    gutter.appendChild(head);
    var score = el("span", "score");
    var meter = el("span", "meter");
    var fill = el("i");
    fill.style.width = (b[2] === null ? 0 : Math.round(Math.max(0, Math.min(1, b[2])) * 100)) + "%";
    meter.appendChild(fill);
    score.appendChild(meter);
    score.appendChild(el("span", "num", b[2] === null ? "n/a" : b[2].toFixed(2)));
    score.title = "alignment score";
    gutter.appendChild(score);
    if (low) { gutter.appendChild(el("span", "flag low", "low")); }
    node.appendChild(gutter);
    node.appendChild(side("src", data.tags[0], "s", b[0], b[3]));
    node.appendChild(side("tgt", data.tags[1], "t", b[1], b[4]));
    if (hasFindings(b)) {
      var ul = el("ul", "bead-findings");
      b[5].forEach(function (f) {
        var finding = data.findings[f];
        var li = el("li", "finding c-" + finding[1]);
        li.appendChild(el("span", "chip c-" + finding[1], finding[1].replace("_", " ")));
        li.appendChild(document.createTextNode(finding[2]));
        ul.appendChild(li);
      });
      node.appendChild(ul);
    }
    return node;
  }

  // Mark the search matches on the page (CSS Custom Highlight API, where the browser has it).
  function highlightMatches() {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") { return; }
    CSS.highlights.delete("search");
    if (!state.query) { return; }
    var ranges = [];
    var walker = document.createTreeWalker(list, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest(".side")) { continue; }
      var text = node.data.toLowerCase();
      if (text.length !== node.data.length) { continue; }  // offsets would not match
      for (var at = text.indexOf(state.query); at !== -1; at = text.indexOf(state.query, at + 1)) {
        var range = new Range();
        range.setStart(node, at);
        range.setEnd(node, at + state.query.length);
        ranges.push(range);
      }
    }
    CSS.highlights.set("search", new Highlight(...ranges));
  }

  function pages() { return Math.max(1, Math.ceil(visible.length / data.pageSize)); }

  function oneSided(i) { return !beads[i][0].length || !beads[i][1].length; }

  // "English sentences 168–420 (253)": the sentences of one side in beads first..last,
  // numbered from 1 as a translator counts lines.
  function sideSpan(first, last, k) {
    var ids = [];
    for (var i = first; i <= last; i++) { ids = ids.concat(beads[i][k]); }
    if (!ids.length) { return ""; }
    var lo = ids[0] + 1, hi = ids[ids.length - 1] + 1;
    var name = LANG_NAMES[data.langs[k]] || data.langs[k];
    return name + (lo === hi ? " sentence " + lo : " sentences " + lo + "–" + hi);
  }

  // A run of consecutive one-sided beads, folded: a closed <details> naming the sentences.
  function foldNode(first, last) {
    var fold = el("details", "fold");
    var spans = [sideSpan(first, last, 0), sideSpan(first, last, 1)].filter(Boolean);
    var other = spans.length === 2 ? "" :
      " " + (LANG_NAMES[data.langs[beads[first][0].length ? 1 : 0]] || "");
    var n = 0;
    for (var i = first; i <= last; i++) { n += beads[i][0].length + beads[i][1].length; }
    fold.appendChild(el("summary", null, spans.join(", ") + ": no" + other + " counterpart (" +
      n + " sentence" + (n === 1 ? "" : "s") + ", numbered from 1)"));
    for (var j = first; j <= last; j++) { fold.appendChild(beadNode(j)); }
    return fold;
  }

  function render() {
    var start = state.page * data.pageSize;
    var shown = visible.slice(start, start + data.pageSize);
    var frag = document.createDocumentFragment();
    for (var k = 0; k < shown.length; k++) {
      var end = k;
      while (unit === "bead" && oneSided(shown[k]) && end + 1 < shown.length &&
             shown[end + 1] === shown[end] + 1 && oneSided(shown[end + 1])) { end++; }
      if (end - k + 1 >= MIN_FOLD) {
        frag.appendChild(foldNode(shown[k], shown[end]));
        k = end;
      } else {
        frag.appendChild(beadNode(shown[k]));
      }
    }
    if (!shown.length) {
      frag.appendChild(el("p", "empty", "No " + unit + "s match."));
    }
    list.replaceChildren(frag);
    highlightMatches();
    var label = visible.length ? (start + 1).toLocaleString() + "–" +
      (start + shown.length).toLocaleString() + " of " + visible.length.toLocaleString() : "0";
    document.getElementById("count").textContent = label + " " + unit + "s" +
      (visible.length < beads.length ? " (of " + beads.length.toLocaleString() + ")" : "");
    var pageText = "page " + (state.page + 1) + " / " + pages();
    ["", "-bottom"].forEach(function (suffix) {
      document.getElementById("page" + suffix).textContent = pageText;
      document.getElementById("prev" + suffix).disabled = state.page === 0;
      document.getElementById("next" + suffix).disabled = state.page >= pages() - 1;
    });
  }

  function update() {
    clearTimeout(timer);
    state.query = search.value.trim().toLowerCase();
    recompute();
    state.page = 0;
    render();
  }

  function setFilter(name) {
    state.filter = name;
    document.querySelectorAll("button.filter").forEach(function (btn) {
      btn.setAttribute("aria-pressed", String(btn.getAttribute("data-filter") === name));
    });
    update();
  }

  function goPage(page) {
    state.page = Math.max(0, Math.min(pages() - 1, page));
    render();
    window.scrollTo(0, list.offsetTop - 60);
  }

  // Show bead i: clear the filter and search if they hide it, open its page, scroll to it.
  function reveal(i) {
    var pos = visible.indexOf(i);
    if (pos === -1) {
      search.value = "";
      setFilter("all");
      pos = visible.indexOf(i);
    }
    if (pos === -1) { return; }
    var page = Math.floor(pos / data.pageSize);
    var previous = document.getElementById("bead-" + state.current);
    state.current = i;
    if (page === state.page && document.getElementById("bead-" + i)) {
      if (previous) { previous.classList.remove("current"); }
      document.getElementById("bead-" + i).classList.add("current");
    } else {
      state.page = page;
      render();
    }
    var node = document.getElementById("bead-" + i);
    if (node && node.parentElement.tagName === "DETAILS") { node.parentElement.open = true; }
    if (node) { node.scrollIntoView({ block: "center" }); }
  }

  // j/k: the next/previous flagged bead among those shown by the filter and search.
  function step(delta) {
    var pos = visible.indexOf(state.current);
    if (pos === -1) { pos = delta > 0 ? state.page * data.pageSize - 1 : state.page * data.pageSize; }
    for (var p = pos + delta; p >= 0 && p < visible.length; p += delta) {
      if (isFlagged(beads[visible[p]])) {
        reveal(visible[p]);
        history.replaceState(null, "", "#bead-" + visible[p]);
        return;
      }
    }
  }

  function fromHash() {
    var m = /^#bead-(\d+)$/.exec(location.hash);
    if (m && +m[1] < beads.length) { reveal(+m[1]); }
  }

  document.querySelectorAll("button.filter").forEach(function (btn) {
    btn.addEventListener("click", function () { setFilter(btn.getAttribute("data-filter")); });
  });
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, beads.length > 5000 ? 150 : 0);
  });
  ["", "-bottom"].forEach(function (suffix) {
    document.getElementById("prev" + suffix).addEventListener("click", function () {
      goPage(state.page - 1);
    });
    document.getElementById("next" + suffix).addEventListener("click", function () {
      goPage(state.page + 1);
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var typing = ev.target instanceof HTMLInputElement;
    if (typing) {
      if (ev.key === "Escape") { search.blur(); }
      return;
    }
    if (ev.key === "j") { step(1); }
    else if (ev.key === "k") { step(-1); }
    else if (ev.key === "/") { ev.preventDefault(); search.focus(); }
  });
  // A link to a bead (findings panel, bead ids) reveals it even when the filter hides it.
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest('a[href^="#bead-"]') : null;
    if (!link) { return; }
    ev.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    fromHash();
  });
  // Hovering a term outlines the terms of the same glossary entry in the bead, both sides.
  list.addEventListener("mouseover", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark[data-entry]") : null;
    list.querySelectorAll("mark.linked").forEach(function (m) { m.classList.remove("linked"); });
    if (!mark) { return; }
    var bead = mark.closest(".bead");
    bead.querySelectorAll('mark[data-entry="' + mark.getAttribute("data-entry") + '"]')
      .forEach(function (m) { m.classList.add("linked"); });
  });
  window.addEventListener("hashchange", fromHash);

  update();
  fromHash();
  document.body.setAttribute("data-ready", "true");
})();
