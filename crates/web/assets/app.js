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
