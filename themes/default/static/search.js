// tebiki search: splits the query exactly as the index was built in Rust
// (src/search.rs): NFKC, lower case; ASCII letter/digit runs are tokens;
// Japanese runs become character bigrams. Each region has its own index
// (search/<region>.js), loaded only when the reader searches that region,
// as a script so that the site also works opened from the disk.
(function () {
  "use strict";

  function isJapanese(cp) {
    return cp === 0x3005 || (cp >= 0x3041 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }
  function isWord(c) { return /^[0-9a-z]$/.test(c); }
  function normalize(s) { return s.normalize("NFKC").toLowerCase(); }

  // Runs of the normalised text: [{kind: "word"|"ja", text}].
  function runs(s) {
    var chars = Array.from(normalize(s)), out = [], i = 0;
    while (i < chars.length) {
      var c = chars[i], kind = isWord(c) ? "word" : isJapanese(c.codePointAt(0)) ? "ja" : null;
      if (!kind) { i++; continue; }
      var start = i;
      while (i < chars.length && (kind === "word" ? isWord(chars[i]) : isJapanese(chars[i].codePointAt(0)))) i++;
      out.push({ kind: kind, text: chars.slice(start, i).join("") });
    }
    return out;
  }
  function tokens(s) {
    var out = [];
    runs(s).forEach(function (r) {
      var cs = Array.from(r.text);
      if (r.kind === "word" || cs.length === 1) { out.push(r.text); return; }
      for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    });
    return out;
  }

  // The normalised text of a document with, per normalised character, the
  // index of the original character it came from (for highlighting).
  function mapped(text) {
    var orig = Array.from(text), norm = [], map = [];
    orig.forEach(function (c, i) {
      Array.from(normalize(c)).forEach(function (n) { norm.push(n); map.push(i); });
    });
    return { orig: orig, norm: norm.join(""), normChars: norm, map: map };
  }

  // Results for the query in the given regions' indexes ({id: index}),
  // best first. A document is [url, title, heading, text].
  function search(indexes, query) {
    var ts = tokens(query), segs = runs(query).map(function (r) { return r.text; });
    if (!ts.length) return [];
    var results = [];
    Object.keys(indexes).sort().forEach(function (region) {
      var idx = indexes[region];
      var cand = null;
      ts.forEach(function (t) {
        var p = Object.prototype.hasOwnProperty.call(idx.index, t) ? idx.index[t] : [];
        cand = cand === null ? p.slice() : cand.filter(function (d) { return p.indexOf(d) >= 0; });
      });
      (cand || []).forEach(function (i) { match(idx.docs[i], region, segs, results); });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return results;
  }

  function match(d, region, segs, results) {
    var full = d[1] + " " + d[2] + " " + d[3], m = mapped(full);
    // Every part of the query must stand in the text as written.
    var score = 0, ok = segs.every(function (s) {
      var n = m.norm.split(s).length - 1;
      score += n;
      return n > 0;
    });
    if (!ok) return;
    if (normalize(d[2]).indexOf(segs[0]) >= 0) score += 5;
    results.push({ doc: d, region: region, score: score, m: m, segs: segs });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // A stretch of the text around the first match, matches in <mark>.
  function snippet(r) {
    var m = r.m, at = m.norm.indexOf(r.segs[0]);
    var normStart = Math.max(0, at - 30), normEnd = Math.min(m.normChars.length, at + 70);
    var marks = new Array(m.orig.length).fill(false);
    r.segs.forEach(function (s) {
      var from = 0, k;
      while ((k = m.norm.indexOf(s, from)) >= 0) {
        for (var j = k; j < k + s.length && j < m.map.length; j++) marks[m.map[j]] = true;
        from = k + s.length;
      }
    });
    var start = m.map[normStart] || 0, end = normEnd < m.map.length ? m.map[normEnd] : m.orig.length;
    var out = start > 0 ? "…" : "", open = false;
    for (var i = start; i < end; i++) {
      if (marks[i] && !open) { out += "<mark>"; open = true; }
      if (!marks[i] && open) { out += "</mark>"; open = false; }
      out += escapeHtml(m.orig[i]);
    }
    if (open) out += "</mark>";
    return out + (end < m.orig.length ? "…" : "");
  }

  // Loads the indexes of the given regions; resolves to {id: index}.
  var loading = {};
  function loadIndexes(root, regions) {
    return Promise.all(regions.map(function (id) {
      if (!loading[id]) {
        loading[id] = new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = root + "search/" + encodeURIComponent(id) + ".js";
          s.onload = function () { resolve(window.tebikiSearchIndex[id]); };
          s.onerror = reject;
          document.head.appendChild(s);
        });
      }
      return loading[id];
    })).then(function (list) {
      var out = {};
      regions.forEach(function (id, i) { out[id] = list[i]; });
      return out;
    });
  }

  function renderResults(box, indexes, query, names, root) {
    var list = box.querySelector(".search-results"), status = box.querySelector(".search-status");
    var rs = search(indexes, query);
    list.innerHTML = "";
    status.textContent = query.trim() === "" ? "" : rs.length ? "「" + query + "」の検索結果: " + rs.length + "件" : "「" + query + "」は見つかりませんでした。";
    rs.slice(0, 50).forEach(function (r) {
      var d = r.doc, li = document.createElement("li");
      li.innerHTML = '<a href="' + escapeHtml(root + d[0]) + '"><span class="result-title">' + escapeHtml(d[1]) +
        (d[2] ? " ／ " + escapeHtml(d[2]) : "") + '</span></a><span class="result-region">' + escapeHtml(names[r.region] || "") +
        '</span><p class="result-snippet">' + snippet(r) + "</p>";
      list.appendChild(li);
    });
  }

  // The search page: live results as the reader types.
  function initPage(box) {
    var root = box.getAttribute("data-root") || "";
    var input = box.querySelector("input[name=q]"), select = box.querySelector("select[name=region]");
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    if (select && params.get("region")) select.value = params.get("region");
    // Region ids and names, from the list of regions to search in.
    var names = {}, all = [];
    Array.prototype.forEach.call(select.options, function (o) {
      if (o.value) { names[o.value] = o.textContent; all.push(o.value); }
    });
    var latest = 0;
    function run() {
      var ticket = ++latest, regions = select.value ? [select.value] : all;
      loadIndexes(root, regions).then(function (indexes) {
        // Only the newest query's results are shown.
        if (ticket === latest) renderResults(box, indexes, input.value, names, root);
      });
    }
    input.addEventListener("input", run);
    select.addEventListener("change", run);
    box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
    if (input.value) run();
  }

  var page = document.querySelector(".search-page");
  if (page) initPage(page);

  window.tebikiSearch = { tokens: tokens, search: search };
})();
