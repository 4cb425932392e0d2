/* Offline search over the site's search data: window.KB_SEARCH_MANIFEST and its parts.
 *
 * No network: every part is a script, so this works from file:// as well as over
 * HTTP. The manifest (stop words, document lengths, part names) is loaded by the
 * page; term shards, vocabulary by length, titles and snippet text are loaded by
 * script tag only when a query needs them (kbeditor/export/search_shards.py).
 * Terms are stemmed with a port of the Porter stemmer the app's Whoosh
 * index uses (whoosh.lang.porter, itself after the tartarus JavaScript
 * version); a test compares both over the corpus vocabulary. Ranking is BM25
 * over field-weighted term frequencies; a query word also matches index terms
 * it is a prefix of, and terms one or two edits away (a typo), at lower weight.
 * The same ranking runs over a whole index in memory (Engine) and over parts
 * loaded on demand (Sharded); a test checks both give the same scores.
 *
 * Works in browsers (window.KBSearch) and in Node (module.exports).
 */
(function (root) {
  "use strict";

  // -- Porter stemmer: the same rules and the same regular expressions as whoosh.lang.porter
  var step2list = {
    ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
    alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate",
    ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al",
    iviti: "ive", biliti: "ble", logi: "log"
  };
  var step3list = {
    icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: ""
  };
  var consSeq = "[^aeiouy]+";
  var vowelSeq = "[aeiou]+";
  var vowel = "[aeiouy]";
  var mgr0 = new RegExp("^(" + consSeq + ")?" + vowelSeq + consSeq);
  var meq1 = new RegExp("^(" + consSeq + ")?" + vowelSeq + consSeq + "(" + vowelSeq + ")?$");
  var mgr1 = new RegExp("^(" + consSeq + ")?" + vowelSeq + consSeq + vowelSeq + consSeq);
  var sV = new RegExp("^(" + consSeq + ")?" + vowel);
  var cV = new RegExp("^" + consSeq + vowel + "[^aeiouwxy]$");
  // Python's re.match anchors at the start: these keep that meaning.
  var edIng = /^(.*)(ed|ing)$/;
  var atBlIz = /^(at|bl|iz)$/;
  var step1b = /^([^aeiouylsz])\1$/;
  var step2re = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
  var step3re = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
  var step41 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var step42 = /^(.+?)(s|t)(ion)$/;
  var step5 = /^(.+?)e$/;

  function endsWith(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  function stem(w) {
    if (w.length < 3) return w;
    var firstIsY = w.charAt(0) === "y";
    if (firstIsY) w = "Y" + w.slice(1);
    var m, s;
    // Step 1a
    if (endsWith(w, "s")) {
      if (endsWith(w, "sses")) w = w.slice(0, -2);
      else if (endsWith(w, "ies")) w = w.slice(0, -2);
      else if (w.charAt(w.length - 2) !== "s") w = w.slice(0, -1);
    }
    // Step 1b
    if (endsWith(w, "eed")) {
      s = w.slice(0, -3);
      if (mgr0.test(s)) w = w.slice(0, -1);
    } else {
      m = edIng.exec(w);
      if (m) {
        s = m[1];
        if (sV.test(s)) {
          w = s;
          if (atBlIz.test(w)) w += "e";
          else if (step1b.test(w)) w = w.slice(0, -1);
          else if (cV.test(w)) w += "e";
        }
      }
    }
    // Step 1c
    if (endsWith(w, "y")) {
      s = w.slice(0, -1);
      if (sV.test(s)) w = s + "i";
    }
    // Step 2
    m = step2re.exec(w);
    if (m && mgr0.test(m[1])) w = m[1] + step2list[m[2]];
    // Step 3
    m = step3re.exec(w);
    if (m && mgr0.test(m[1])) w = m[1] + step3list[m[2]];
    // Step 4
    m = step41.exec(w);
    if (m) {
      if (mgr1.test(m[1])) w = m[1];
    } else {
      m = step42.exec(w);
      if (m) {
        s = m[1] + m[2];
        if (mgr1.test(s)) w = s;
      }
    }
    // Step 5
    m = step5.exec(w);
    if (m) {
      s = m[1];
      if (mgr1.test(s) || (meq1.test(s) && !cV.test(s))) w = s;
    }
    if (endsWith(w, "ll") && mgr1.test(w)) w = w.slice(0, -1);
    if (firstIsY) w = "y" + w.slice(1);
    return w;
  }

  // -- tokens: letters and digits, lower-cased (Python: [^\W_]+ over str.lower())
  var TOKEN = /[\p{L}\p{N}]+/gu;

  function tokenize(text) {
    return String(text).toLowerCase().match(TOKEN) || [];
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  // The first two UTF-16 units of a term: the key of the shard that holds it.
  function shardKey(term) {
    return term.slice(0, 2);
  }

  function queryTerms(stop, query) {
    var words = tokenize(query);
    var out = [];
    var seen = Object.create(null);
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (stop[w] || seen[w]) continue;
      seen[w] = true;
      out.push({ word: w, stem: stem(w) });
    }
    return out;
  }

  // Terms of a sorted list that start with prefix (binary search).
  function withPrefix(v, prefix, limit) {
    var lo = 0, hi = v.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (v[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    var out = [];
    for (var i = lo; i < v.length && out.length < limit; i++) {
      if (v[i].lastIndexOf(prefix, 0) !== 0) break;
      out.push(v[i]);
    }
    return out;
  }

  // Terms of a list within maxEdits of term (Levenshtein with an early exit).
  function near(v, term, maxEdits) {
    var out = [];
    for (var i = 0; i < v.length; i++) {
      var cand = v[i];
      if (Math.abs(cand.length - term.length) > maxEdits) continue;
      if (cand.charAt(0) !== term.charAt(0) && maxEdits < 2) continue;
      if (editDistance(term, cand, maxEdits) <= maxEdits) out.push(cand);
    }
    return out;
  }

  function editDistance(a, b, max) {
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          cur[j] = Math.min(cur[j], prevprev[j - 2] + 1); // a swap of two letters is one typo
        }
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return max + 1;
      var prevprev = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function typoEdits(q) {
    return q.word.length >= 8 ? 2 : 1;
  }

  // Index terms a query word stands for, each with a weight (exact 1, prefix 0.6, typo 0.4).
  // view: post(term) -> postings or undefined, prefix(p, limit), near(term, edits).
  function expand(view, q) {
    var found = Object.create(null);
    if (view.post(q.stem)) found[q.stem] = 1;
    if (view.post(q.word) && !found[q.word]) found[q.word] = 1;
    if (q.word.length >= 2) {
      var pre = view.prefix(q.word, 50);
      for (var i = 0; i < pre.length; i++) if (!found[pre[i]]) found[pre[i]] = 0.6;
      var pre2 = q.stem !== q.word ? view.prefix(q.stem, 50) : [];
      for (var k = 0; k < pre2.length; k++) if (!found[pre2[k]]) found[pre2[k]] = 0.6;
    }
    if (needsTypos(q, found)) {
      var edits = typoEdits(q);
      var close = view.near(q.stem, edits).concat(view.near(q.word, edits));
      for (var j = 0; j < close.length; j++) if (!found[close[j]]) found[close[j]] = 0.4;
    }
    return found;
  }

  function needsTypos(q, found) {
    return q.word.length >= 4 && !(found[q.stem] === 1 || found[q.word] === 1);
  }

  function averageLength(lengths) {
    var total = 0;
    for (var j = 0; j < lengths.length; j++) total += lengths[j];
    return lengths.length ? total / lengths.length : 1;
  }

  // BM25 over the expanded terms of every query word: [{doc, score, terms}], best first.
  function rank(view, qs, expansions, lengths, avgdl) {
    var n = lengths.length, k1 = 1.2, b = 0.75;
    var scores = {}, matched = {}, hits = {};
    for (var qi = 0; qi < qs.length; qi++) {
      var expanded = expansions[qi];
      var best = {};
      for (var term in expanded) {
        var post = view.post(term);
        var df = post.length / 2;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (var p = 0; p < post.length; p += 2) {
          var d = post[p], tf = post[p + 1];
          var dl = lengths[d];
          var s = expanded[term] * idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * dl / avgdl));
          if (!(d in best) || s > best[d]) best[d] = s;
          (hits[d] = hits[d] || {})[term] = true;
        }
      }
      for (var doc in best) {
        scores[doc] = (scores[doc] || 0) + best[doc];
        matched[doc] = (matched[doc] || 0) + 1;
      }
    }
    var results = [];
    for (var dd in scores) {
      var coverage = matched[dd] / qs.length;
      results.push({ doc: +dd, score: scores[dd] * coverage * coverage, terms: Object.keys(hits[dd]) });
    }
    results.sort(function (x, y) { return y.score - x.score || x.doc - y.doc; });
    return results;
  }

  function result(r, info, qs) {
    return {
      url: info.u,
      title: info.t,
      product: info.p,
      score: r.score,
      terms: r.terms,
      snippet: info.x === undefined ? null : snippet(info, r.terms, qs)
    };
  }

  // -- the engine over a whole index in memory ({stop, docs, lengths, terms})
  function Engine(index) {
    this.index = index;
    this.stop = Object.create(null);
    for (var i = 0; i < index.stop.length; i++) this.stop[index.stop[i]] = true;
    var vocab = Object.keys(index.terms).sort();
    this.avgdl = averageLength(index.lengths);
    this.view = {
      post: function (t) { return has(index.terms, t) ? index.terms[t] : undefined; },
      prefix: function (p, limit) { return withPrefix(vocab, p, limit); },
      near: function (t, edits) { return near(vocab, t, edits); }
    };
  }

  Engine.prototype.search = function (query, limit) {
    limit = limit || 20;
    var qs = queryTerms(this.stop, query);
    if (!qs.length) return [];
    var view = this.view;
    var expansions = qs.map(function (q) { return expand(view, q); });
    var ranked = rank(view, qs, expansions, this.index.lengths, this.avgdl);
    var out = [];
    for (var r = 0; r < ranked.length && r < limit; r++) {
      out.push(result(ranked[r], this.index.docs[ranked[r].doc], qs));
    }
    return out;
  };

  // -- the engine over parts loaded on demand
  // load(name, done): runs the part's script, then done(data) (done(null) when it failed).
  function Sharded(manifest, load) {
    this.m = manifest;
    this.load = load;
    this.parts = Object.create(null); // name -> data, once loaded
    this.sorted = Object.create(null); // shard key -> its terms, sorted
    this.failed = false;
    this.stop = Object.create(null);
    for (var i = 0; i < manifest.stop.length; i++) this.stop[manifest.stop[i]] = true;
    this.avgdl = averageLength(manifest.lengths);
    var self = this;
    this.view = {
      post: function (t) {
        var shard = self.shard(shardKey(t));
        return shard && has(shard, t) ? shard[t] : undefined;
      },
      prefix: function (p, limit) {
        var key = shardKey(p);
        if (!self.shard(key)) return [];
        if (!self.sorted[key]) self.sorted[key] = Object.keys(self.shard(key)).sort();
        return withPrefix(self.sorted[key], p, limit);
      },
      near: function (t, edits) {
        var out = [], names = self.vocabNames(t, edits);
        for (var i = 0; i < names.length; i++) {
          var words = self.data(names[i]);
          if (words) out = out.concat(near(words, t, edits));
        }
        return out;
      }
    };
  }

  // The vocabulary parts that hold every term within edits of t: the terms of nearby
  // lengths; for one edit only those with t's first letter (near() asks for it).
  Sharded.prototype.vocabNames = function (t, edits) {
    var out = [];
    for (var len = t.length - edits; len <= t.length + edits; len++) {
      if (edits >= 2) {
        if (has(this.m.vocab, len)) out.push(this.m.vocab[len]);
      } else if (has(this.m.vocab1, len) && has(this.m.vocab1[len], t.charAt(0))) {
        out.push(this.m.vocab1[len][t.charAt(0)]);
      }
    }
    return out;
  };

  Sharded.prototype.data = function (name) {
    return name && has(this.parts, name) ? this.parts[name] : null;
  };

  Sharded.prototype.shard = function (key) {
    return has(this.m.shards, key) ? this.data(this.m.shards[key]) : null;
  };

  // Load every named part not loaded yet, then call done().
  Sharded.prototype.fetch = function (names, done) {
    var self = this, waiting = 1, asked = Object.create(null);
    function one() {
      if (--waiting === 0) done();
    }
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      if (!name || asked[name] || has(this.parts, name)) continue;
      asked[name] = true;
      waiting++;
      this.load(name, (function (n) {
        return function (data) {
          if (data === null || data === undefined) self.failed = true;
          else self.parts[n] = data;
          one();
        };
      })(name));
    }
    one();
  };

  Sharded.prototype.shardNames = function (terms) {
    var out = [];
    for (var i = 0; i < terms.length; i++) {
      var key = shardKey(terms[i]);
      if (has(this.m.shards, key)) out.push(this.m.shards[key]);
    }
    return out;
  };

  // Search; show(results, complete) is called with titles first (snippet null), then
  // again with snippets once their text is loaded. A newer search makes an older one silent.
  Sharded.prototype.search = function (query, limit, show) {
    var self = this, m = this.m, view = this.view;
    var ticket = this.ticket = (this.ticket || 0) + 1;
    function current() { return ticket === self.ticket; }
    var qs = queryTerms(this.stop, query);
    if (!qs.length) { show([], true); return; }
    var words = [];
    for (var i = 0; i < qs.length; i++) words.push(qs[i].stem, qs[i].word);
    this.fetch(this.shardNames(words), function () {
      if (!current()) return;
      var vocab = [];
      for (var i = 0; i < qs.length; i++) {
        var q = qs[i], exact = Object.create(null);
        if (view.post(q.stem)) exact[q.stem] = 1;
        if (view.post(q.word)) exact[q.word] = 1;
        if (!needsTypos(q, exact)) continue;
        var edits = typoEdits(q);
        vocab = vocab.concat(self.vocabNames(q.stem, edits), self.vocabNames(q.word, edits));
      }
      self.fetch(vocab, function () {
        if (!current()) return;
        var expansions = qs.map(function (q) { return expand(view, q); });
        var terms = [];
        for (var e = 0; e < expansions.length; e++) terms = terms.concat(Object.keys(expansions[e]));
        self.fetch(self.shardNames(terms), function () {
          if (!current()) return;
          var ranked = rank(view, qs, expansions, m.lengths, self.avgdl).slice(0, limit || 20);
          self.present(ranked, qs, show, current);
        });
      });
    });
  };

  // Titles (one small chunk per 200 documents) first, then the text and summary of the shown ones.
  Sharded.prototype.present = function (ranked, qs, show, current) {
    var self = this, m = this.m, metas = [], texts = [];
    for (var i = 0; i < ranked.length; i++) {
      metas.push(m.meta[Math.floor(ranked[i].doc / m.metaChunk)]);
      texts.push(m.text[Math.floor(ranked[i].doc / m.textChunk)]);
    }
    function build(withText) {
      var out = [];
      for (var i = 0; i < ranked.length; i++) {
        var d = ranked[i].doc;
        var chunk = self.data(m.meta[Math.floor(d / m.metaChunk)]) || [];
        var meta = chunk[d % m.metaChunk] || { u: "", t: "", p: "" };
        var info = { u: meta.u, t: meta.t, p: meta.p };
        if (withText) {
          var text = (self.data(m.text[Math.floor(d / m.textChunk)]) || [])[d % m.textChunk] || ["", ""];
          info.x = text[0];
          info.s = text[1];
        }
        out.push(result(ranked[i], info, qs));
      }
      return out;
    }
    this.fetch(metas, function () {
      if (!current()) return;
      show(build(false), false);
      self.fetch(texts, function () {
        if (current()) show(build(true), true);
      });
    });
  };

  // Loads a part by script tag from base (a URL ending in "/"): the browser's load().
  function scriptLoader(base) {
    return function (name, done) {
      var tag = document.createElement("script");
      tag.src = base + name;
      tag.async = true;
      tag.onload = function () {
        var parts = root.KB_SEARCH_PARTS || {};
        done(has(parts, name) ? parts[name] : null);
      };
      tag.onerror = function () { done(null); };
      document.head.appendChild(tag);
    };
  }

  // A window of text around the first place the matched terms occur, with the match ranges.
  function snippet(doc, termsHit, qs) {
    var wanted = {};
    for (var i = 0; i < termsHit.length; i++) wanted[termsHit[i]] = true;
    var sources = [doc.x || "", doc.s || ""];
    for (var s = 0; s < sources.length; s++) {
      var text = sources[s];
      var re = /[\p{L}\p{N}]+/gu, m, marks = [];
      while ((m = re.exec(text)) !== null) {
        var w = m[0].toLowerCase();
        if (wanted[stem(w)] || wanted[w] || prefixHit(w, qs)) marks.push([m.index, m.index + m[0].length]);
      }
      if (marks.length) {
        var start = Math.max(0, marks[0][0] - 60);
        if (start > 0) {
          var space = text.indexOf(" ", start);
          if (space > 0 && space < marks[0][0]) start = space + 1;
        }
        var end = Math.min(text.length, start + 220);
        if (end < text.length) {
          var cut = text.lastIndexOf(" ", end);
          if (cut > marks[0][1]) end = cut;
        }
        var inWindow = [];
        for (var k = 0; k < marks.length; k++) {
          if (marks[k][0] >= start && marks[k][1] <= end) inWindow.push([marks[k][0] - start, marks[k][1] - start]);
        }
        return {
          text: text.slice(start, end),
          marks: inWindow,
          before: start > 0,
          after: end < text.length
        };
      }
    }
    var fallback = doc.s || (doc.x || "").slice(0, 200);
    return { text: fallback, marks: [], before: false, after: false };
  }

  function prefixHit(word, qs) {
    for (var i = 0; i < qs.length; i++) {
      if (qs[i].word.length >= 3 && word.lastIndexOf(qs[i].word, 0) === 0) return true;
    }
    return false;
  }

  var api = {
    stem: stem,
    tokenize: tokenize,
    Engine: Engine,
    Sharded: Sharded,
    scriptLoader: scriptLoader,
    editDistance: editDistance
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.KBSearch = api;
})(this);
