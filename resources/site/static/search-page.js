/* The search page: reads ?q=, shows ranked results as you type. Titles show as soon as
 * the parts of the index a query needs are loaded; snippets follow. Builds the DOM with
 * textContent only (never innerHTML), so nothing in an article can inject markup. */
(function () {
  "use strict";
  var manifest = window.KB_SEARCH_MANIFEST;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var tag = document.getElementById("search-manifest");
  if (!manifest || !input || !list || !tag || !window.KBSearch) {
    if (status) status.textContent = "The search index could not be loaded.";
    return;
  }
  // The parts sit beside the manifest (assets/search/), wherever the site is opened from.
  var base = tag.src.slice(0, tag.src.lastIndexOf("/") + 1);
  var engine = new window.KBSearch.Sharded(manifest, window.KBSearch.scriptLoader(base));

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function snippetNode(sn) {
    var p = el("p", "snippet");
    if (!sn) {
      p.className = "snippet loading";
      p.textContent = "…";
      return p;
    }
    var pos = 0;
    if (sn.before) p.appendChild(document.createTextNode("… "));
    for (var i = 0; i < sn.marks.length; i++) {
      var m = sn.marks[i];
      if (m[0] < pos) continue;
      p.appendChild(document.createTextNode(sn.text.slice(pos, m[0])));
      p.appendChild(el("mark", "", sn.text.slice(m[0], m[1])));
      pos = m[1];
    }
    p.appendChild(document.createTextNode(sn.text.slice(pos) + (sn.after ? " …" : "")));
    return p;
  }

  var feedback = document.getElementById("search-feedback");

  function feedbackFor(query) {
    // [export] feedback_url: '{query}' in it becomes the words searched for.
    if (!feedback) return;
    var template = feedback.getAttribute("data-template") || "";
    feedback.querySelector("a").href = template.split("{query}").join(encodeURIComponent(query.trim()));
  }

  function show(query) {
    feedbackFor(query);
    if (!query.trim()) {
      engine.ticket = (engine.ticket || 0) + 1; // an empty box silences a search under way
      clear();
      status.textContent = "Type words from the problem you are looking for.";
      return;
    }
    engine.search(query, 30, function (results) {
      clear();
      if (engine.failed) {
        status.textContent = "Part of the search index could not be loaded; results may be missing.";
      } else {
        status.textContent = results.length
          ? results.length + (results.length === 1 ? " article" : " articles") + " found for “" + query + "”."
          : "No articles found for “" + query + "”. Try fewer or different words.";
      }
      for (var i = 0; i < results.length; i++) {
        var r = results[i];
        var li = el("li", "result");
        var a = el("a", "result-title", r.title);
        a.href = r.url;
        li.appendChild(a);
        li.appendChild(el("span", "meta", r.product));
        li.appendChild(snippetNode(r.snippet));
        list.appendChild(li);
      }
    });
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  function queryFromUrl() {
    var match = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (!match) return "";
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " "));
    } catch (e) {
      return match[1];
    }
  }

  var initial = queryFromUrl();
  input.value = initial;
  show(initial);
  input.addEventListener("input", function () {
    show(input.value);
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (e) { /* some browsers refuse this on file:// */ }
  });
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    show(input.value);
  });
})();
