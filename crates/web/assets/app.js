// Keyboard use of lists: "/" focuses search, arrow keys move through rows, Enter opens.
(function () {
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
    if (e.key === "/" && !typing) {
      var s = document.getElementById("search");
      if (s) { e.preventDefault(); s.focus(); s.select(); }
      return;
    }
    if (typing) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("table[data-rows] tbody tr[data-href]"));
    if (!rows.length) return;
    var i = rows.findIndex(function (r) { return r.classList.contains("focus"); });
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (i >= 0) rows[i].classList.remove("focus");
      i = e.key === "ArrowDown" ? Math.min(rows.length - 1, i + 1) : Math.max(0, i - 1);
      rows[i].classList.add("focus");
      rows[i].scrollIntoView({ block: "nearest" });
    } else if (e.key === "Enter" && i >= 0) {
      window.location = rows[i].getAttribute("data-href");
    }
  });
})();

// File uploads with a progress bar: forms marked data-progress send through XHR so the
// upload and the server's checking can be shown, then the answer replaces the page.
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-progress") || !window.FormData) return;
    e.preventDefault();
    var data = new FormData(form);
    if (e.submitter && e.submitter.name) data.append(e.submitter.name, e.submitter.value);
    var bar = form.querySelector("progress");
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    if (bar) { bar.hidden = false; bar.value = 0; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = function (p) {
      if (bar && p.lengthComputable) bar.value = Math.round((p.loaded / p.total) * 90);
    };
    xhr.upload.onload = function () { if (bar) bar.removeAttribute("value"); };
    xhr.onload = function () {
      document.open(); document.write(xhr.responseText); document.close();
      var url = /\/imports\//.test(form.action) ? form.action.replace(/\/imports\/.*/, "/imports") : (xhr.responseURL || form.action);
      history.replaceState(null, "", url);
    };
    xhr.onerror = function () { buttons.forEach(function (b) { b.disabled = false; }); if (bar) bar.hidden = true; };
    xhr.send(data);
  });
})();

// Port fields: suggestions from the UN/LOCODE list as you type (code or name).
(function () {
  var timer = null;
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!t || t.getAttribute("list") !== "ports") return;
    clearTimeout(timer);
    var q = t.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(function () {
      fetch("/ports/options?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { var l = document.getElementById("ports"); if (l) l.innerHTML = html; });
    }, 200);
  });
})();

// Load plans: the range input shows loading steps 1..N of the drawings, layer by layer.
// Without JavaScript the control stays hidden and every step is drawn.
(function () {
  var range = document.getElementById("step-range");
  if (!range) return;
  var byStep = [];
  document.querySelectorAll(".loadplan-view .step").forEach(function (g) {
    var k = parseInt(g.getAttribute("data-step"), 10) || 0;
    (byStep[k] = byStep[k] || []).push(g);
  });
  var lines = document.querySelectorAll(".loadplan-sequence li");
  var label = document.getElementById("step-label");
  var shown = byStep.length - 1;
  function show() {
    var n = parseInt(range.value, 10);
    var lo = Math.min(n, shown), hi = Math.max(n, shown);
    for (var k = lo + 1; k <= hi; k++) {
      (byStep[k] || []).forEach(function (g) { g.style.display = k > n ? "none" : ""; });
    }
    shown = n;
    if (label) label.textContent = lines[n - 1] ? lines[n - 1].textContent : n + " / " + range.max;
  }
  range.addEventListener("input", show);
  document.getElementById("loadplan-steps").hidden = false;
  show();
})();

// Forms whose answer takes a moment (load plans): say so while the server works, and keep a
// second click from starting the work again.
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy") || e.defaultPrevented) return;
    var note = form.querySelector("[data-busy-note]");
    if (note) note.hidden = false;
    form.setAttribute("aria-busy", "true");
    setTimeout(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();

// Long generation with progress: forms marked data-stream-progress post with
// Accept: application/x-ndjson and read one JSON line per step ({"progress": {done, total}}),
// then {"report": …} (go to data-done) or {"error": problem} (show it).
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-stream-progress") || !window.fetch || !window.TextDecoder) return;
    e.preventDefault();
    var bar = form.querySelector("progress");
    var status = form.querySelector("[role=status]");
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    if (bar) { bar.hidden = false; bar.value = 0; }
    var csrf = form.querySelector("input[name=_csrf]");
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/x-ndjson", "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf ? csrf.value : "" },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (resp) {
      var type = resp.headers.get("Content-Type") || "";
      if (!resp.ok || type.indexOf("application/x-ndjson") !== 0) {
        // Not the stream (signed out, refused): show the page the server answered with.
        return resp.text().then(function (html) { document.open(); document.write(html); document.close(); });
      }
      var finished = false;
      var reader = resp.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function line(text) {
        if (!text.trim()) return;
        var msg = JSON.parse(text);
        if (msg.progress) {
          if (bar) { bar.max = msg.progress.total; bar.value = msg.progress.done; }
          if (status) status.textContent = msg.progress.done + " / " + msg.progress.total + " · " + msg.progress.kind;
        } else if (msg.report) {
          finished = true;
          window.location = form.getAttribute("data-done");
        } else if (msg.error) {
          finished = true;
          var detail = msg.error.detail || msg.error.title;
          (msg.error.errors || []).forEach(function (f) { detail += " · " + f.field + ": " + f.message; });
          if (status) status.textContent = detail;
          buttons.forEach(function (b) { b.disabled = false; });
          if (bar) bar.hidden = true;
        }
      }
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) {
            line(buffer);
            if (!finished) {
              buttons.forEach(function (b) { b.disabled = false; });
              if (bar) bar.hidden = true;
            }
            return;
          }
          buffer += decoder.decode(r.value, { stream: true });
          var parts = buffer.split("\n");
          buffer = parts.pop();
          parts.forEach(line);
          return pump();
        });
      }
      return pump();
    }).catch(function () { buttons.forEach(function (b) { b.disabled = false; }); if (bar) bar.hidden = true; });
  });
})();
