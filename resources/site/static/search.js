/* Offline search over the index in search-index.js (window.KB_SEARCH_INDEX).
 *
 * No network: the index is a script, so this works from file:// as well as over
 * HTTP. Terms are stemmed with a port of the Porter stemmer the app's Whoosh
 * index uses (whoosh.lang.porter, itself after the tartarus JavaScript
 * version); a test compares both over the corpus vocabulary. Ranking is BM25
 * over field-weighted term frequencies; a query word also matches index terms
 * it is a prefix of, and terms one or two edits away (a typo), at lower weight.
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

  // -- the engine over one index
  function Engine(index) {
    this.index = index;
    this.stop = {};
    for (var i = 0; i < index.stop.length; i++) this.stop[index.stop[i]] = true;
    this.vocab = Object.keys(index.terms).sort();
    var total = 0;
    for (var j = 0; j < index.lengths.length; j++) total += index.lengths[j];
    this.avgdl = index.lengths.length ? total / index.lengths.length : 1;
  }

  Engine.prototype.queryTerms = function (query) {
    var words = tokenize(query);
    var out = [];
    var seen = {};
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (this.stop[w] || seen[w]) continue;
      seen[w] = true;
      out.push({ word: w, stem: stem(w) });
    }
    return out;
  };

  // Vocabulary terms that start with prefix (binary search in the sorted vocabulary).
  Engine.prototype.withPrefix = function (prefix, limit) {
    var v = this.vocab, lo = 0, hi = v.length;
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
  };

  // Vocabulary terms within maxEdits of term (Levenshtein with an early exit).
  Engine.prototype.near = function (term, maxEdits) {
    var out = [];
    var v = this.vocab;
    for (var i = 0; i < v.length; i++) {
      var cand = v[i];
      if (Math.abs(cand.length - term.length) > maxEdits) continue;
      if (cand.charAt(0) !== term.charAt(0) && maxEdits < 2) continue;
      if (editDistance(term, cand, maxEdits) <= maxEdits) out.push(cand);
    }
    return out;
  };

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

  // Index terms a query word stands for, each with a weight (exact 1, prefix 0.6, typo 0.4).
  Engine.prototype.expand = function (q) {
    var found = {};
    var terms = this.index.terms;
    if (terms[q.stem]) found[q.stem] = 1;
    if (terms[q.word] && !found[q.word]) found[q.word] = 1;
    if (q.word.length >= 2) {
      var pre = this.withPrefix(q.word, 50);
      for (var i = 0; i < pre.length; i++) if (!found[pre[i]]) found[pre[i]] = 0.6;
      var pre2 = q.stem !== q.word ? this.withPrefix(q.stem, 50) : [];
      for (var k = 0; k < pre2.length; k++) if (!found[pre2[k]]) found[pre2[k]] = 0.6;
    }
    if (q.word.length >= 4 && !(found[q.stem] === 1 || found[q.word] === 1)) {
      var edits = q.word.length >= 8 ? 2 : 1;
      var near = this.near(q.stem, edits).concat(this.near(q.word, edits));
      for (var j = 0; j < near.length; j++) if (!found[near[j]]) found[near[j]] = 0.4;
    }
    return found;
  };

  Engine.prototype.search = function (query, limit) {
    limit = limit || 20;
    var qs = this.queryTerms(query);
    if (!qs.length) return [];
    var index = this.index, n = index.lengths.length, k1 = 1.2, b = 0.75;
    var scores = {}, matched = {}, hits = {};
    for (var qi = 0; qi < qs.length; qi++) {
      var expanded = this.expand(qs[qi]);
      var best = {};
      for (var term in expanded) {
        var post = index.terms[term];
        var df = post.length / 2;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (var p = 0; p < post.length; p += 2) {
          var d = post[p], tf = post[p + 1];
          var dl = index.lengths[d];
          var s = expanded[term] * idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * dl / this.avgdl));
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
      results.push({ doc: +dd, score: scores[dd] * coverage * coverage });
    }
    results.sort(function (x, y) { return y.score - x.score || x.doc - y.doc; });
    var out = [];
    for (var r = 0; r < results.length && r < limit; r++) {
      var docInfo = index.docs[results[r].doc];
      var termsHit = Object.keys(hits[results[r].doc]);
      out.push({
        url: docInfo.u,
        title: docInfo.t,
        product: docInfo.p,
        score: results[r].score,
        terms: termsHit,
        snippet: snippet(docInfo, termsHit, qs)
      });
    }
    return out;
  };

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

  var api = { stem: stem, tokenize: tokenize, Engine: Engine, editDistance: editDistance };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.KBSearch = api;
})(this);
