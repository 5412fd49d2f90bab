// alskg explorer: suggestions as you type, and hop details opened from the drawing.
// Hand-written, no dependencies; every page works without it. Text from the server is
// put into the page with textContent only, never as HTML.
"use strict";

(function () {
  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function entityUrl(id) {
    return "/entity/" + encodeURIComponent(id).replace(/%3A/g, ":");
  }

  function attachSuggest(input) {
    var mode = input.getAttribute("data-suggest");
    var box = input.parentNode;
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.appendChild(list);
    var latest = 0;

    function close() { list.hidden = true; list.textContent = ""; }

    function show(entities, findings) {
      list.textContent = "";
      entities.forEach(function (e) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = entityUrl(e.id);
        a.setAttribute("data-id", e.id);
        a.appendChild(document.createTextNode(e.name + " "));
        var cat = document.createElement("span");
        cat.className = "cat";
        cat.textContent = e.category + " · " + e.id;
        a.appendChild(cat);
        if (mode === "fill") {
          a.addEventListener("mousedown", function (ev) {
            ev.preventDefault();
            input.value = e.id;
            close();
          });
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      if (mode === "go") {
        findings.slice(0, 3).forEach(function (f) {
          var li = document.createElement("li");
          li.className = "finding-hit";
          var a = document.createElement("a");
          a.href = entityUrl(f.subject);
          a.textContent = f.statement;
          li.appendChild(a);
          list.appendChild(li);
        });
      }
      list.hidden = list.children.length === 0;
    }

    var lookup = debounce(function () {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      var ticket = ++latest;
      fetch("/api/search?limit=8&q=" + encodeURIComponent(text), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {entities: [], findings: []}; })
        .then(function (data) {
          if (ticket === latest) { show(data.entities || [], data.findings || []); }
        })
        .catch(function () { close(); });
    }, 150);

    input.addEventListener("input", lookup);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  function openHop(index, scroll) {
    var details = document.getElementById("hop-" + index);
    if (!details) { return; }
    document.querySelectorAll("details.hop.selected, svg.paths .hop.selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    details.open = true;
    details.classList.add("selected");
    document.querySelectorAll("svg.paths .hop").forEach(function (g) {
      if (g.getAttribute("data-hop") === String(index)) { g.classList.add("selected"); }
    });
    if (scroll) { details.scrollIntoView({block: "nearest"}); }
  }

  function attachHops() {
    document.querySelectorAll("svg.paths a.hop-link").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        var g = link.querySelector(".hop");
        if (g) { openHop(g.getAttribute("data-hop"), true); }
      });
    });
    var m = /^#hop-(\d+)$/.exec(window.location.hash);
    if (m) { openHop(m[1], false); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(attachSuggest);
    attachHops();
  });
})();
