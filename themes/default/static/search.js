// tebiki search: the same normalisation, tokens, synonym concepts and BM25
// ranking as src/search/ in Rust (normalize.rs, tokens.rs, query.rs,
// rank.rs), step by step in the same order, so the same pages come out in
// the same order (tests/browser/rank.mjs and the suite compare the two).
// Each region has its own index (search/<region>.js), loaded only when the
// reader searches that region, as a script so that the site also works
// opened from the disk; the synonym table is search/synonyms.table.js.
(function () {
  "use strict";

  // ---- normalize.rs --------------------------------------------------------

  function normalize(s) { return s.normalize("NFKC").toLowerCase(); }
  var SMALL = { "ぁ": "あ", "ぃ": "い", "ぅ": "う", "ぇ": "え", "ぉ": "お", "っ": "つ", "ゃ": "や", "ゅ": "ゆ", "ょ": "よ", "ゎ": "わ", "ゕ": "か", "ゖ": "か" };
  function isKana(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa);
  }
  // One normalised character as compared, given the one before it; null
  // drops it. Katakana as hiragana, small kana as large (ヶ as か), ー after
  // kana dropped and elsewhere a space.
  function foldChar(prev, c) {
    if (c === "ー") return prev !== null && isKana(prev) ? null : " ";
    var cp = c.codePointAt(0);
    if ((cp >= 0x30a1 && cp <= 0x30f6) || cp === 0x30fd || cp === 0x30fe) c = String.fromCodePoint(cp - 0x60);
    return SMALL[c] || c;
  }
  // The folded characters of s (an array of code points).
  function foldChars(s) {
    var out = [], prev = null;
    Array.from(normalize(s)).forEach(function (c) {
      var f = foldChar(prev, c);
      if (f !== null) out.push(f);
      prev = c;
    });
    return out;
  }
  function fold(s) { return foldChars(s).join(""); }

  // ---- tokens.rs -----------------------------------------------------------

  function isJapanese(c) {
    var cp = c.codePointAt(0);
    return cp === 0x3005 || (cp >= 0x3041 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }
  function isKanji(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }
  function isWord(c) { return c !== undefined && /^[0-9a-z]$/i.test(c); }

  // Calls f(token, start, end) for each token of the folded chars: ASCII
  // runs whole, Japanese bigrams, and kanji alone (all of them, or in a
  // query only those with no kanji beside them).
  function eachToken(chars, all, f) {
    var i = 0;
    while (i < chars.length) {
      var c = chars[i], start = i;
      if (isWord(c)) {
        while (i < chars.length && isWord(chars[i])) i++;
        f(chars.slice(start, i).join(""), start, i);
      } else if (isJapanese(c)) {
        while (i < chars.length && isJapanese(chars[i])) i++;
        for (var j = start; j < i; j++) {
          if (j + 1 < i) f(chars[j] + chars[j + 1], j, j + 2);
          var alone = all || !((j > start && isKanji(chars[j - 1])) || (j + 1 < i && isKanji(chars[j + 1])));
          if (isKanji(chars[j]) && alone) f(chars[j], j, j + 1);
        }
      } else {
        i++;
      }
    }
  }

  // ---- query.rs ------------------------------------------------------------

  var GRAMMAR_WEIGHT = 0.5;
  function kind(c) {
    if (isKanji(c) || c === "々") return "kanji";
    if (isKana(c)) return c < "ァ" ? "hiragana" : "katakana";
    if (isWord(c)) return "word";
    return "other";
  }
  // Where needle (chars) stands in hay (chars), as whole words where it
  // begins or ends with a letter or digit.
  function occurrences(hay, needle) {
    var out = [], n = needle.length, i = 0;
    if (!n || n > hay.length) return out;
    while (i + n <= hay.length) {
      var k = 0;
      while (k < n && hay[i + k] === needle[k]) k++;
      if (k === n && bounded(hay, i, i + n)) { out.push(i); i += n; } else i++;
    }
    return out;
  }
  function bounded(hay, start, end) {
    return !(isWord(hay[start]) && start > 0 && isWord(hay[start - 1])) &&
      !(isWord(hay[end - 1]) && end < hay.length && isWord(hay[end]));
  }
  function sameWay(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function pushWay(ways, w) { if (!ways.some(function (x) { return sameWay(x, w); })) ways.push(w); }
  function sameConcept(a, b) { return a.length === b.length && a.every(function (w, i) { return sameWay(w, b[i]); }); }
  function overlaps(g, f) {
    return g.places.some(function (p) { return f.places.some(function (q) { return p[0] < q[1] && q[0] < p[1]; }); });
  }
  // Adds f (places and the concepts found there), merged with every place
  // it overlaps (the earlier one's concepts first).
  function addConcept(found, f) {
    if (!f.places.length) return;
    var at = null;
    for (;;) {
      var i = found.findIndex(function (g) { return overlaps(g, f); });
      if (i < 0) break;
      var g = found.splice(i, 1)[0];
      at = at === null ? i : Math.min(at, i);
      var cs = g.concepts.slice();
      f.concepts.forEach(function (c) { if (!cs.some(function (x) { return sameConcept(x, c); })) cs.push(c); });
      f = { places: g.places.concat(f.places), concepts: cs };
    }
    found.splice(at === null ? found.length : at, 0, f);
  }
  function concepts(q, table) {
    var found = [];
    table.groups.forEach(function (g) {
      var places = [];
      g.forEach(function (w) {
        var wc = Array.from(w);
        occurrences(q, wc).forEach(function (i) { places.push([i, i + wc.length]); });
      });
      addConcept(found, { places: places, concepts: [g.map(function (w) { return [w]; })] });
    });
    var start = 0, end = q.length;
    while (start < end && /\s/.test(q[start])) start++;
    while (end > start && /\s/.test(q[end - 1])) end--;
    var typed = q.slice(start, end);
    table.phrases.forEach(function (p) {
      var places = [], ways = [];
      p.when.forEach(function (w) {
        var wc = Array.from(w);
        occurrences(q, wc).forEach(function (i) { places.push([i, i + wc.length]); pushWay(ways, [w]); });
        if (typed.length >= 2 && wc.length > typed.length && typed.every(function (c, i) { return wc[i] === c; })) {
          places.push([start, end]);
          pushWay(ways, [w]);
        }
      });
      p.also.forEach(function (a) { pushWay(ways, a); });
      addConcept(found, { places: places, concepts: [ways] });
    });
    return found;
  }

  // A pair across a change of script that is almost always a word's edge.
  function seam(ks) {
    return ks.length === 2 && ((ks[0] === "hiragana" && (ks[1] === "kanji" || ks[1] === "katakana")) ||
      (ks[0] === "katakana" && ks[1] === "hiragana"));
  }

  // A question as concepts, terms and phrases (see src/search/query.rs).
  function parse(raw, table) {
    var q = [], kinds = [], prev = null;
    Array.from(normalize(raw)).forEach(function (c) {
      var f = foldChar(prev, c);
      if (f !== null) { q.push(f); kinds.push(kind(c)); }
      prev = c;
    });
    var found = concepts(q, table);
    function inside(s, e) {
      return found.some(function (c) { return c.places.some(function (p) { return p[0] <= s && e <= p[1]; }); });
    }
    var content = kinds.some(function (k) { return k === "kanji" || k === "katakana" || k === "word"; });
    var terms = [];
    eachToken(q, false, function (t, s, e) {
      if (inside(s, e)) return;
      var ks = kinds.slice(s, e);
      var grammar = content && (ks.every(function (k) { return k === "hiragana"; }) || seam(ks));
      var w = grammar ? GRAMMAR_WEIGHT : 1;
      var have = terms.find(function (x) { return x[0] === t; });
      if (have) have[1] = Math.max(have[1], w); else terms.push([t, w]);
    });
    function runs(want, joiners) {
      var out = [], i = 0;
      while (i < q.length) {
        if (!want(kinds[i])) { i++; continue; }
        var start = i;
        while (i < q.length && (want(kinds[i]) ||
          (joiners && "-@._".indexOf(q[i]) >= 0 && i + 1 < q.length && want(kinds[i + 1])))) i++;
        out.push([start, i]);
      }
      return out;
    }
    var chunks = content
      ? runs(function (k) { return k === "kanji" || k === "katakana" || k === "word"; }, true)
      : runs(function (k) { return k === "hiragana"; }, false);
    var phrases = [];
    chunks.forEach(function (r) {
      var n = 0;
      eachToken(q.slice(r[0], r[1]), false, function () { n++; });
      var p = q.slice(r[0], r[1]).join("");
      if (n > 1 && !inside(r[0], r[1]) && phrases.indexOf(p) < 0) phrases.push(p);
    });
    return { terms: terms, phrases: phrases, concepts: found.map(function (c) { return c.concepts; }) };
  }

  // ---- index.rs: a region's index as the ranking reads it --------------------

  var FIELD_WEIGHTS = [2, 3, 1];
  function prepare(region, raw) {
    var docs = raw.docs.map(function (d, i) {
      return { url: d[0], title: d[1], heading: d[2], text: d[3], len: raw.lens[i], folded: [fold(d[1]), fold(d[2]), fold(d[3])] };
    });
    var terms = new Map();
    Object.keys(raw.terms).forEach(function (t) {
      var flat = raw.terms[t], list = [], doc = 0;
      for (var i = 0; i + 1 < flat.length; i += 2) { doc += flat[i]; list.push([doc, flat[i + 1]]); }
      terms.set(t, list);
    });
    return { region: region, docs: docs, terms: terms };
  }

  // ---- rank.rs -------------------------------------------------------------

  var K1 = 1.2, B = 0.75, PHRASE_WEIGHT = 1, CUTOFF = 0.25, KANA_TERMS = 2;

  // Occurrences of needle in the folded string hay (as occurrences() does
  // over characters).
  function countIn(hay, needle) {
    var n = 0, from = 0, k;
    while ((k = hay.indexOf(needle, from)) >= 0) {
      var end = k + needle.length;
      var ok = !(isWord(needle[0]) && k > 0 && isWord(hay[k - 1])) &&
        !(isWord(needle[needle.length - 1]) && end < hay.length && isWord(hay[end]));
      if (ok) { n++; from = end; } else from = k + 1;
    }
    return n;
  }
  function count(d, needle) {
    var n = 0;
    for (var f = 0; f < 3; f++) n += countIn(d.folded[f], needle) * FIELD_WEIGHTS[f];
    return n;
  }

  // The results for query (parsed) over the prepared indexes, best first:
  // [{index, doc, score}].
  function rank(indexes, query) {
    var docs = [], offsets = [];
    indexes.forEach(function (x, i) {
      offsets.push(docs.length);
      x.docs.forEach(function (d, j) { docs.push({ index: i, doc: j, d: d }); });
    });
    var n = docs.length;
    if (!n) return [];
    var avgdl = docs.reduce(function (s, x) { return s + x.d.len; }, 0) / n;
    function idf(df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
    function bm25(tf, len) { return tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / avgdl)); }
    var score = new Array(n).fill(0), strong = new Array(n).fill(false), kana = new Array(n).fill(0);

    query.terms.forEach(function (tw) {
      var t = tw[0], w = tw[1], lists = [];
      indexes.forEach(function (x, i) { if (x.terms.has(t)) lists.push([i, x.terms.get(t)]); });
      var df = lists.reduce(function (s, l) { return s + l[1].length; }, 0);
      if (!df) return;
      var weight = w * idf(df);
      var solid = Array.from(t).some(function (c) { return isKanji(c) || isWord(c); });
      lists.forEach(function (l) {
        l[1].forEach(function (p) {
          var at = offsets[l[0]] + p[0];
          score[at] += weight * bm25(p[1], docs[at].d.len);
          strong[at] = strong[at] || solid;
          if (!solid && w >= 1) kana[at] += 1;
        });
      });
    });
    // A phrase or concept counted in each page (tfs): its BM25 score in
    // each page, as one term.
    function term(tfs) {
      var weight = idf(tfs.filter(function (tf) { return tf > 0; }).length);
      return tfs.map(function (tf, at) { return tf > 0 ? weight * bm25(tf, docs[at].d.len) : 0; });
    }
    query.phrases.forEach(function (p) {
      term(docs.map(function (x) { return count(x.d, p); })).forEach(function (s, at) {
        if (s > 0) { score[at] += PHRASE_WEIGHT * s; strong[at] = true; }
      });
    });
    // At each place of the query, a page scores the best concept there.
    query.concepts.forEach(function (place) {
      var scores = place.map(function (ways) {
        return term(docs.map(function (x) {
          return ways.reduce(function (sum, parts) {
            return sum + parts.reduce(function (m, p) { return Math.min(m, count(x.d, p)); }, Infinity);
          }, 0);
        }));
      });
      docs.forEach(function (x, at) {
        var s = scores.reduce(function (m, c) { return Math.max(m, c[at]); }, 0);
        if (s > 0) { score[at] += s; strong[at] = true; }
      });
    });

    var best = score.reduce(function (m, s) { return Math.max(m, s); }, 0);
    var hits = [];
    docs.forEach(function (x, at) {
      if ((strong[at] || kana[at] >= KANA_TERMS) && score[at] > 0 && score[at] >= CUTOFF * best) {
        hits.push({ index: x.index, doc: x.doc, score: score[at] });
      }
    });
    function key(s) { return Math.round(s * 1e6); }
    hits.sort(function (a, b) {
      var ka = key(a.score), kb = key(b.score);
      if (ka !== kb) return kb - ka;
      var ra = indexes[a.index].region, rb = indexes[b.index].region;
      if (ra !== rb) return ra < rb ? -1 : 1;
      return a.doc - b.doc;
    });
    return hits;
  }

  var EMPTY_TABLE = { groups: [], phrases: [] };
  function search(indexes, table, q) { return rank(indexes, parse(q, table || EMPTY_TABLE)); }

  // ---- The page: snippets, suggestions, results -----------------------------

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // What to highlight: the phrases, the concepts' words and the terms
  // that are not the question's grammar (as folded character arrays).
  function needles(query) {
    var out = [];
    query.phrases.forEach(function (p) { out.push(Array.from(p)); });
    query.concepts.forEach(function (place) {
      place.forEach(function (ways) { ways.forEach(function (parts) { parts.forEach(function (p) { out.push(Array.from(p)); }); }); });
    });
    query.terms.forEach(function (t) { if (t[1] >= 1) out.push(Array.from(t[0])); });
    return out;
  }

  // The sentence of the text holding most of the query, its matches in
  // <mark>; the title and heading are shown apart and not repeated.
  function snippet(text, query) {
    var orig = Array.from(text), norm = [], map = [], prev = null;
    orig.forEach(function (c, i) {
      Array.from(normalize(c)).forEach(function (n) {
        var f = foldChar(prev, n);
        if (f !== null) { norm.push(f); map.push(i); }
        prev = n;
      });
    });
    var marks = new Array(orig.length).fill(false);
    needles(query).forEach(function (nd) {
      occurrences(norm, nd).forEach(function (k) {
        for (var j = k; j < k + nd.length; j++) marks[map[j]] = true;
      });
    });
    // Sentences: up to 。！？, or a line break (the text's lines are
    // joined with a space next to Japanese text).
    var sentences = [], start = 0;
    for (var i = 0; i < orig.length; i++) {
      var c = orig[i];
      var end = /[。！？!?]/.test(c) ? i + 1 :
        c === " " && ((i > 0 && !isWord(orig[i - 1])) || (i + 1 < orig.length && !isWord(orig[i + 1]))) ? i : -1;
      if (end >= 0) { if (end > start) sentences.push([start, end]); start = i + 1; }
    }
    if (start < orig.length) sentences.push([start, orig.length]);
    var best = null, bestMarks = -1;
    sentences.forEach(function (s) {
      var m = 0;
      for (var j = s[0]; j < s[1]; j++) if (marks[j]) m++;
      if (m > bestMarks) { best = s; bestMarks = m; }
    });
    if (!best) return "";
    var from = best[0], to = best[1], MAX = 90;
    if (to - from > MAX) {
      var first = from;
      while (first < to && !marks[first]) first++;
      if (first === to) first = from;
      from = Math.max(from, first - 20);
      to = Math.min(to, from + MAX);
    }
    var out = from > 0 ? "…" : "", open = false;
    for (var k = from; k < to; k++) {
      if (marks[k] && !open) { out += "<mark>"; open = true; }
      if (!marks[k] && open) { out += "</mark>"; open = false; }
      out += escapeHtml(orig[k]);
    }
    if (open) out += "</mark>";
    return out + (to < orig.length ? "…" : "");
  }

  // Words to try when nothing is found: the synonym list's words and the
  // sections' headings nearest the query (a quarter of their pairs of
  // characters shared, at least), only those that would find something.
  function suggestions(indexes, table, q) {
    var qc = foldChars(q), grams = new Set();
    eachToken(qc, true, function (t) { grams.add(t); });
    if (!grams.size) return [];
    var seen = new Set(), cand = [];
    function consider(word) {
      var f = fold(word).trim();
      if (f.length < 2 || seen.has(f)) return;
      seen.add(f);
      var g = new Set();
      eachToken(Array.from(f), true, function (t) { g.add(t); });
      var shared = 0;
      g.forEach(function (t) { if (grams.has(t)) shared++; });
      var sim = 2 * shared / (g.size + grams.size);
      if (sim >= 0.25) cand.push({ word: (table.labels && table.labels[word]) || word, f: f, sim: sim });
    }
    table.groups.forEach(function (g) { g.forEach(consider); });
    table.phrases.forEach(function (p) { p.also.forEach(function (a) { a.forEach(consider); }); });
    indexes.forEach(function (x) {
      x.docs.forEach(function (d) {
        var h = d.heading.replace(/^[\s\d０-９.．()（）①-⑳【】＜＞<>　]+/, "").replace(/[【】＜＞<>]/g, "");
        if (h.length <= 16) consider(h);
      });
    });
    cand.sort(function (a, b) { return b.sim - a.sim || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0); });
    var out = [];
    // At most 20 tried: each is a search.
    for (var i = 0; i < cand.length && i < 20 && out.length < 5; i++) {
      if (search(indexes, table, cand[i].word).length) out.push(cand[i].word);
    }
    return out;
  }

  // Loads the indexes of the given regions; resolves to [prepared index].
  var loading = {};
  function loadIndexes(root, regions) {
    return Promise.all(regions.map(function (id) {
      if (!loading[id]) {
        loading[id] = new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = root + "search/" + encodeURIComponent(id) + ".js";
          s.onload = function () { resolve(prepare(id, window.tebikiSearchIndex[id])); };
          s.onerror = reject;
          document.head.appendChild(s);
        });
      }
      return loading[id];
    }));
  }

  function searchUrl(root, q, region) {
    return root + (region ? region + "/" : "") + "search.html?q=" + encodeURIComponent(q) + (region ? "&region=" + encodeURIComponent(region) : "");
  }

  // The search page: live results as the reader types.
  function initPage(box) {
    var root = box.getAttribute("data-root") || "", home = box.getAttribute("data-home") || "";
    var input = box.querySelector("input[name=q]"), select = box.querySelector("select[name=region]");
    var params = new URLSearchParams(location.search);
    // Every region (a region's page lists only its own in the choice).
    var names = {}, all = [];
    (window.tebikiRegions || []).forEach(function (r) { names[r.id] = r.short; all.push(r.id); });
    var asked = params.get("region");
    // A link with another region (or a shared link to the site-wide page
    // with a region) opens that region's search page, in its frame.
    if (asked && asked !== home && all.indexOf(asked) >= 0) {
      location.replace(root + asked + "/search.html" + location.search + location.hash);
      return;
    }
    input.value = params.get("q") || "";
    if (asked !== null && (asked === "" || all.indexOf(asked) >= 0)) select.value = asked;
    var table = window.tebikiSynonyms || EMPTY_TABLE;
    var list = box.querySelector(".search-results"), status = box.querySelector(".search-status");
    var empty = box.querySelector(".search-empty"), wider = box.querySelector(".search-wider");
    var suggest = box.querySelector(".search-suggest"), suggestList = box.querySelector(".search-suggestions");
    var latest = 0;

    function show(indexes, q, scope) {
      var query = parse(q, table), hits = rank(indexes, query);
      // The reader's own region first when searching every region.
      if (home && !scope) {
        hits = hits.filter(function (h) { return indexes[h.index].region === home; })
          .concat(hits.filter(function (h) { return indexes[h.index].region !== home; }));
      }
      list.innerHTML = "";
      var where = scope ? "（" + names[scope] + "）" : "（すべての地域）";
      status.textContent = q.trim() === "" ? "" : hits.length
        ? "「" + q + "」の検索結果" + where + ": " + hits.length + "件" + (hits.length > 30 ? "（上位30件を表示）" : "")
        : "「" + q + "」に当てはまるページは見つかりませんでした" + where + "。";
      hits.slice(0, 30).forEach(function (h) {
        var d = indexes[h.index].docs[h.doc], li = document.createElement("li");
        var label = d.heading || d.title, page = d.heading ? d.title : "";
        li.innerHTML = '<p class="result-meta"><span class="result-region">' + escapeHtml(names[indexes[h.index].region] || "") + "</span>" +
          (page ? '<span class="result-page">' + escapeHtml(page) + "</span>" : "") + "</p>" +
          '<a class="result-title" href="' + escapeHtml(root + d.url) + '">' + escapeHtml(label) + "</a>" +
          '<p class="result-snippet">' + snippet(d.text, query) + "</p>";
        list.appendChild(li);
      });
      wider.hidden = !(scope && q.trim());
      wider.querySelector("a").href = searchUrl(root, q, "");
      var none = q.trim() !== "" && !hits.length;
      empty.hidden = !none;
      if (none) {
        var words = suggestions(indexes, table, q);
        suggestList.innerHTML = "";
        words.forEach(function (w) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = "search.html?q=" + encodeURIComponent(w) + (scope ? "&region=" + encodeURIComponent(scope) : "");
          a.textContent = w;
          a.addEventListener("click", function (e) { e.preventDefault(); input.value = w; run(); });
          li.appendChild(a);
          suggestList.appendChild(li);
        });
        suggest.hidden = !words.length;
        // Whom to call: the region searched, else every region (the
        // reader's own first).
        var items = Array.prototype.slice.call(empty.querySelectorAll(".search-contacts li"));
        items.forEach(function (li) {
          var r = li.getAttribute("data-region");
          li.hidden = !!scope && r !== scope;
          if (r === home) li.parentNode.insertBefore(li, li.parentNode.firstChild);
        });
      }
    }

    function run() {
      var ticket = ++latest, scope = select.value, q = input.value;
      // The address says what is shown, so that it can be shared.
      try {
        history.replaceState(null, "", "search.html?q=" + encodeURIComponent(q) + (home || scope ? "&region=" + encodeURIComponent(scope) : ""));
      } catch (e) { /* some browsers refuse it for pages opened from the disk */ }
      loadIndexes(root, scope ? [scope] : all).then(function (indexes) {
        // Only the newest query's results are shown.
        if (ticket === latest) show(indexes, q, scope);
      });
    }
    // Searching every region keeps this page (and its region first).
    wider.querySelector("a").addEventListener("click", function (e) { e.preventDefault(); select.value = ""; run(); });
    input.addEventListener("input", run);
    select.addEventListener("change", run);
    box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
    if (input.value) run();
  }

  if (typeof document !== "undefined") {
    var page = document.querySelector(".search-page");
    if (page) initPage(page);
  }

  window.tebikiSearch = { fold: fold, parse: parse, prepare: prepare, rank: rank, search: search, snippet: snippet, suggestions: suggestions };
})();
