"use strict";
(function () {
  // The pairs of a batch output folder (GET /api/pairs, see align/review/corpus.py); names and
  // figures go into the page with textContent only.
  var token = document.querySelector("meta[name=glossalign-token]").getAttribute("content");
  var headers = { "X-Glossalign-Token": token };

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function say(text) {
    var message = document.getElementById("message");
    message.textContent = text;
    message.className = "message error";
  }

  function reviewed(counts) {
    if (!counts) { return "not yet"; }
    return counts.confirmed + " confirmed, " + counts.edited + " edited, " + counts.unreviewed + " unreviewed";
  }

  function open(name) {
    fetch("/api/open", {
      method: "POST",
      headers: { "X-Glossalign-Token": token, "Content-Type": "application/json" },
      body: JSON.stringify({ name: name })
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw new Error(j.error || ("HTTP " + r.status)); }
        window.location.assign("/edit?token=" + encodeURIComponent(token));
      });
    }).catch(function (e) { say(e.message); });
  }

  function render(data) {
    document.getElementById("out").textContent = data.out;
    var body = document.querySelector("#pairs tbody");
    body.textContent = "";
    data.pairs.forEach(function (p) {
      var row = el("tr");
      row.setAttribute("data-pair", p.name);
      row.appendChild(el("td", p.name));
      row.appendChild(el("td", String(p.beads)));
      row.appendChild(el("td", (100 * p.low_share).toFixed(1) + " %"));
      row.appendChild(el("td", String(p.findings)));
      row.appendChild(el("td", reviewed(p.counts)));
      var cell = el("td");
      var button = el("button", p.name === data.current ? "Go on" : "Open");
      button.type = "button";
      button.setAttribute("data-act", "open");
      button.addEventListener("click", function () { open(p.name); });
      cell.appendChild(button);
      row.appendChild(cell);
      body.appendChild(row);
    });
    document.body.setAttribute("data-ready", "true");
  }

  fetch("/api/pairs", { headers: headers }).then(function (r) { return r.json(); }).then(render)
    .catch(function (e) { say(e.message); });
})();
