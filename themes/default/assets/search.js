/* search.js: the site's search, with no server and no other script.  The
   index (search/manifest.js, t/N.js words, d/N.js entries) is made by cairn
   (generator/search.c) and loaded as scripts, so it works from file:// as
   well.  Words, stems and scores follow docs/search.md exactly, as
   search.c does: change one, change both. */
(() => {
  'use strict';
  if (window.cairnSearch) return;
  const d = document;
  const me = d.currentScript || d.querySelector('script[src$="search.js"]');
  const root = new URL('../', me.src), base = new URL('search/', root);

  // ---- loading: each file calls cairnSearch.m/t/d with its data; a file
  // is asked for under its version in the manifest (?v=...), so that a
  // rebuilt site's changed files are never taken from an older cache, and
  // the others still are
  const got = {}, want = {};
  let man;
  const take = (k, v) => { got[k] = v; (want[k] || []).forEach(w => w[0](v)); delete want[k]; };
  const load = (k, path, v) => k in got ? Promise.resolve(got[k]) : new Promise((ok, no) => {
    if (!want[k]) {
      want[k] = [];
      const s = d.createElement('script');
      s.src = base + path + (v ? '?v=' + v : '');
      s.onload = () => s.remove();
      s.onerror = () => { s.remove(); (want[k] || []).forEach(w => w[1](new Error(path))); delete want[k]; };
      d.head.append(s);
    }
    want[k].push([ok, no]);
  });
  window.cairnSearch = { m: v => take('m', v), t: (i, s) => take('t' + i, s), d: (i, a) => take('d' + i, a) };
  const manifest = () => load('m', 'manifest.js').then(m => {
    man = m;
    m.keys = m.t ? m.t.split(' ') : [];
    return m;
  });

  // ---- words (docs/search.md, "Words")
  const FT = 'aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*yaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzsbb....occdddddeeeffgg.iikkllmnnooo..pp.....ttttuu.vyyzz.............*********aaiioouuuuuuuuuueaaaa..ggggkkoooo..j***gg..nnaa....aaaaeeeeiiiioooorrrruuuusstt..hh.d....aaeeooooooooyylntj**accltsz..b..eejjqqrryy' +
    'aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwya.ss*daaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......';
  const FP = 'aethssaethijijoeoedzdzdzljljljnjnjnjdzdzdzdbqpss';
  const pair = {};
  for (let i = 0, k = 0; i < FT.length; i++) if (FT[i] === '*') pair[i] = FP.substr(2 * k++, 2);
  const fold = c => {
    if (c < 128) return String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
    const i = c >= 0xC0 && c < 0x250 ? c - 0xC0 : c >= 0x1E00 && c < 0x1F00 ? c - 0x1E00 + 400 : -1;
    if (i >= 0) {
      if (FT[i] === '*') return pair[i];
      if (FT[i] !== '.') return FT[i];
    } else if (c >= 0x391 && c <= 0x3A9 && c !== 0x3A2 || c >= 0x410 && c <= 0x42F) c += 32;
    else if (c >= 0x400 && c <= 0x40F) c += 80;
    return String.fromCodePoint(c);
  };
  const SEP = 0, WORD = 1, JOIN = 2, MARK = 3, CJK = 4;
  const cls = c => c < 128 ? (c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122 ? WORD : c === 45 || c === 95 ? JOIN : SEP)
    : c < 0xC0 || c === 0xD7 || c === 0xF7 ? SEP
    : c >= 0x300 && c <= 0x36F ? MARK
    : c >= 0x3040 && c <= 0x30FF || c >= 0x3400 && c <= 0x4DBF || c >= 0x4E00 && c <= 0x9FFF || c >= 0xF900 && c <= 0xFAFF ? CJK
    : c >= 0x2000 && c <= 0x2BFF || c >= 0x2E00 && c <= 0x2E7F || c >= 0x3000 && c <= 0x303F || c >= 0xD800 && c <= 0xF8FF || c >= 0xFE00 ? SEP
    : WORD;
  const up = c => c >= 65 && c <= 90, lo = c => c >= 97 && c <= 122;
  const len = c => c > 0xFFFF ? 2 : 1;
  // One run of letters, digits, '-', '_': its parts, then the whole.
  const run = (s, a, b, out) => {
    let part = '', pn = 0, ps = a, whole = '', wn = 0, ws = -1, we = a, parts = 0, prev = 0;
    const end = at => {
      if (pn) parts++;
      if (pn >= 2 && pn <= 32) out.push({ t: part, s: ps, e: at });
      part = ''; pn = 0;
    };
    for (let i = a; i < b;) {
      const c = s.codePointAt(i), n = len(c), k = cls(c);
      if (k === MARK) { i += n; continue; }
      if (k === JOIN) { end(i); prev = 0; i += n; continue; }
      if (prev && up(c)) {
        let split = lo(prev);
        if (!split && up(prev) && i + n < b) {
          const c1 = s.codePointAt(i + n), j = i + n + len(c1);
          if (lo(c1)) split = !(c1 === 115 && !lo(j < b ? s.codePointAt(j) : 0));
        }
        if (split) end(i);
      }
      if (!pn) ps = i;
      if (ws < 0) ws = i;
      const f = fold(c);
      if (pn++ < 32) part += f;
      if (wn++ < 32) whole += f;
      prev = c; i += n; we = i;
    }
    end(b);
    if (parts >= 2 && wn <= 32) out.push({ t: whole, s: ws, e: we, c: 1 });
  };
  const tokenize = s => {
    const out = [];
    for (let i = 0; i < s.length;) {
      const c = s.codePointAt(i), k = cls(c);
      if (k === WORD || k === JOIN || k === MARK) {
        let j = i;
        for (let x; j < s.length && [WORD, JOIN, MARK].includes(cls(x = s.codePointAt(j))); j += len(x));
        run(s, i, j, out);
        i = j;
        continue;
      }
      if (k === CJK) out.push({ t: String.fromCodePoint(c), s: i, e: i + len(c) });
      i += len(c);
    }
    return out;
  };
  const STOP = new Set('a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '));
  const stem = w => {
    if (w.length < 4 || w.length > 64 || /[^a-z]/.test(w)) return w;
    let s = w, und = false;
    const E = x => s.endsWith(x), vow = k => /[aeiouy]/.test(s.slice(0, k));
    if (E('s')) s = E('sses') ? s.slice(0, -2) : s.length >= 5 && E('ies') ? s.slice(0, -3) + 'y' : /[sui]s$/.test(s) ? s : s.slice(0, -1);
    const n = s.length;
    if (n >= 5 && E('ied')) s = s.slice(0, -3) + 'y';
    else if (E('ed') && n >= 5 && vow(n - 2)) { s = s.slice(0, -2); und = true; }
    else if (E('ing') && n >= 6 && vow(n - 3)) { s = s.slice(0, -3); und = true; }
    else if (E('ation') && n >= 8) s = s.slice(0, -5) + 'ate';
    else if (E('ment') && n >= 9 || E('ness') && n >= 8 || (E('able') || E('ible')) && n >= 8) s = s.slice(0, -4);
    const m = s.length;
    if (und && s[m - 1] === s[m - 2] && !'aeioulsz'.includes(s[m - 1])) s = s.slice(0, -1);
    return s.length >= 4 && E('e') ? s.slice(0, -1) : s;
  };
  const nameKey = q => {
    let k = '', n = 0;
    for (const ch of q) {
      const c = ch.codePointAt(0), t = cls(c);
      if (t !== WORD && t !== CJK) continue;
      if (++n > 64) return '';
      k += fold(c);
    }
    return k && stem(k);
  };

  // ---- the index
  const shard = i => {
    const k = 't' + i;
    if (typeof got[k] === 'string') {
      const t = [], df = [], p = [];
      for (const line of got[k].split('\n')) {
        const a = line.split(' ');
        t.push(a[0]); df.push(parseInt(a[1], 36)); p.push(a[2]);
      }
      got[k] = { t, df, p };
    }
    return got[k];
  };
  const B64 = {};
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((c, i) => { B64[c] = i; });
  const postings = (p, fn) => {
    for (let i = 0, id = 0; i < p.length;) {
      let v = 0, m = 1, x;
      while ((x = B64[p[i++]]) >= 32) { v += (x - 32) * m; m *= 32; }
      id += v + x * m;
      let q = B64[p[i++]];
      const name = q === 63;
      if (name) q = B64[p[i++]];
      fn(id, q, name);
    }
  };
  const shardOf = s => {
    let a = 0, b = man.keys.length;
    while (a < b) { const m = (a + b) >> 1; if (man.keys[m] <= s) a = m + 1; else b = m; }
    return a;
  };
  const need = i => load('t' + i, 't/' + i + '.js', man.tv.substr(4 * i, 4));
  // The stems of the words one edit away from f (a letter removed, two
  // neighbours swapped, a letter a-z changed or added).
  const typos = f => {
    const V = new Set(), n = f.length;
    for (let i = 0; i <= n; i++) {
      if (i < n) V.add(stem(f.slice(0, i) + f.slice(i + 1)));
      if (i + 1 < n) V.add(stem(f.slice(0, i) + f[i + 1] + f[i] + f.slice(i + 2)));
      for (const c of 'abcdefghijklmnopqrstuvwxyz') {
        if (i < n) V.add(stem(f.slice(0, i) + c + f.slice(i + 1)));
        V.add(stem(f.slice(0, i) + c + f.slice(i)));
      }
    }
    return V;
  };
  // The term files word w needs (loaded): its stem's; for the word being
  // typed, the one its prefix falls in and, when the prefix runs on, the
  // next; for a finished word not in the index, the files either side of
  // its own holding the stem of a word one edit away.
  const files = async w => {
    const f = [shardOf(w.s)], fcp = [...w.f].length;
    w.V = !w.key && fcp >= 5 && ascii(w.s) && ascii(w.f) ? typos(w.f) : new Set();
    if (w.p && fcp >= 2) {
      const g = shardOf(w.f);
      if (g !== f[0]) f.push(g);
      await need(g);
      const T = shard(g).t;
      if (g + 1 < man.f && T[T.length - 1].startsWith(w.f) && g + 1 !== f[0]) f.push(g + 1);
    }
    await Promise.all(f.map(need));
    if (!w.p && w.V.size && !shard(f[0]).t.includes(w.s)) {
      for (const v of [...w.V].sort()) {
        const g = shardOf(v);
        if ((g + 1 === f[0] || g === f[0] + 1) && !f.includes(g)) f.push(g);
      }
      await Promise.all(f.map(need));
    }
    return f;
  };
  const ascii = s => !/[^\x00-\x7f]/.test(s);
  const oneEdit = (a, b) => {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length)
      return a.slice(i + 1) === b.slice(i + 1) || a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  };
  const byDf = (x, y) => y.df - x.df || (x.t < y.t ? -1 : x.t > y.t ? 1 : 0);
  // The terms w matches: itself 1, completions 0.8, one typo away 0.5.
  const candidates = (w, F) => {
    const fcp = [...w.f].length, pre = w.p && fcp >= 2, fa = ascii(w.f), typo = fcp >= 5 && ascii(w.s), V = w.V;
    let exact = [];
    const P = [], T = [];
    for (const i of F) {
      const S = shard(i);
      S.t.forEach((t, k) => {
        const c = { t, df: S.df[k], p: S.p[k] };
        if (t === w.s) exact = [{ ...c, f: 1 }];
        else if (pre && (t.startsWith(w.f) || fa && t.length >= 4 && w.f.startsWith(t) && w.f.length - t.length <= 3)) P.push({ ...c, f: 0.8 });
        else if (typo && t.length >= 4 && ascii(t) && (oneEdit(w.s, t) || V.has(t))) T.push({ ...c, f: 0.5 });
      });
    }
    // a completion of a word that is itself a word counts no rarer than it
    const P20 = P.sort(byDf).slice(0, 20).map(c => ({ ...c, s: exact.length ? Math.max(c.df, exact[0].df) : c.df }));
    return exact.concat(P20, T.sort(byDf).slice(0, 10));
  };

  // Runs query q; resolves to {ids (best first), kinds (per id), terms (to
  // highlight)}.
  const search = async (q, typing) => {
    // N entries; numbers below NS (some not used: docs/search.md, "Numbers")
    const m = await manifest(), N = m.n, NS = m.s[m.s.length - 1], words = [];
    for (const t of tokenize(q)) {
      if (!t.c && STOP.has(t.t)) continue;
      const s = stem(t.t), p = typing && t.e === q.length, w = words.find(x => x.s === s);
      if (w) { if (p) { w.p = true; w.f = t.t; } }
      else if (words.length < 16) words.push({ s, f: t.t, p });
    }
    const res = { ids: [], terms: new Set(), words };
    // a name longer than a word is found by its key alone
    const key = nameKey(q), kw = key && { s: key, f: key, p: typing, key: true };
    if (!(words.length || key) || !N || !m.f) return res;
    const F = await Promise.all(words.map(files).concat(kw ? [files(kw)] : []));
    const score = new Float64Array(NS), best = new Float64Array(NS), hit = new Uint16Array(NS);
    words.forEach((w, i) => {
      const touched = [];
      for (const c of candidates(w, F[i])) {
        res.terms.add(c.t);
        const df = c.s || c.df, f = c.f * Math.log(1 + (N - df + 0.5) / (df + 0.5));
        postings(c.p, (id, imp) => {
          if (!imp) return;
          const v = f * imp / 62;
          if (best[id] === 0) touched.push(id);
          if (v > best[id]) best[id] = v;
        });
      }
      for (const id of touched) { score[id] += best[id]; hit[id]++; best[id] = 0; }
    });
    for (let id = 0; id < NS; id++) if (hit[id]) score[id] *= hit[id] / words.length;
    if (kw) {
      const bonus = new Float64Array(NS), kn = [...key].length;
      for (const i of F[words.length]) {
        const S = shard(i);
        S.t.forEach((t, k) => {
          const b = t === key ? 1000 : typing && kn >= 2 && t.startsWith(key) ? 500 : 0;
          if (b) postings(S.p[k], (id, imp, name) => { if (name && b > bonus[id]) bonus[id] = b; });
        });
      }
      for (let id = 0; id < NS; id++) score[id] += bonus[id];
    }
    for (let id = 0; id < NS; id++) if (score[id] > 0) res.ids.push(id);
    res.ids.sort((a, b) => score[b] - score[a] || a - b);
    // the first hit is named exactly what was typed (a service, an alert's
    // runbook): Enter alone opens it
    res.exact = kw && res.ids.length > 0 && score[res.ids[0]] >= 1000;
    return res;
  };
  const kindOf = id => { let k = 0; while (k + 1 < man.k.length && man.s[k + 1] <= id) k++; return man.k[k]; };
  // The entries for ids (loading their files): {kind, title, url, service, page, snippet}.
  const docs = {};
  const entries = async ids => {
    const fs = [...new Set(ids.map(id => Math.floor(id / man.d)))];
    await Promise.all(fs.map(f => load('d' + f, 'd/' + f + '.js', man.dv.substr(4 * Math.floor(f / man.g), 4))));
    for (const f of fs) {
      let u = '', s = '', p = '';
      docs[f] = docs[f] || got['d' + f].map(e => {
        if (e === 0) return null; // a number no entry has
        u = e[1][0] === '#' ? u.replace(/#.*/, '') + e[1] : e[1];
        s = e[2] === 1 ? s : e[2];
        p = e[3] === 1 ? p : e[3];
        return { title: e[0], url: u, service: s, page: p, snippet: e[4] };
      });
    }
    return ids.map(id => ({ id, kind: kindOf(id), ...docs[Math.floor(id / man.d)][id % man.d] }));
  };

  // ---- showing results
  const LABEL = { service: 'Service', team: 'Team', runbook: 'Runbook', doc: 'Doc', api: 'API', operation: 'Operation', rfc: 'RFC', adr: 'ADR', postmortem: 'Post-mortem', 'action-item': 'Action item', page: 'Page', slo: 'SLO', 'tech-debt': 'Tech debt' };
  const label = k => LABEL[k] || k[0].toUpperCase() + k.slice(1);
  const href = u => {
    const [, path, rest] = /^([^#]*)(.*)$/.exec(u);
    return new URL((location.protocol === 'file:' && /(^|\/)$/.test(path) ? path + 'index.html' : path) + rest, root).href;
  };
  const el = (tag, cls, ...kids) => {
    const e = d.createElement(tag);
    if (cls) e.className = cls;
    e.append(...kids);
    return e;
  };
  // text, with the query's words marked
  const marked = (text, r) => {
    const out = [], typed = r.words.filter(w => w.p);
    let at = 0;
    for (const t of tokenize(text)) {
      if (t.s < at || !(r.terms.has(stem(t.t)) || typed.some(w => t.t.startsWith(w.f)))) continue;
      out.push(text.slice(at, t.s), el('mark', '', text.slice(t.s, t.e)));
      at = t.e;
    }
    out.push(text.slice(at));
    return out;
  };
  // One result: a link (tag 'a') or an item whose title is the link.
  const item = (e, r, tag, url) => {
    const where = [e.service, e.page].filter(Boolean).join(' \u203a ');
    const title = tag === 'a' ? el('span', 'hit-title', ...marked(e.title, r)) : el('a', 'hit-title', ...marked(e.title, r));
    const x = el(tag, 'hit', el('span', 'kind kind-' + e.kind, label(e.kind)), ' ', title,
      where ? el('span', 'hit-where', where) : '', e.snippet ? el('span', 'hit-snippet', ...marked(e.snippet, r)) : '');
    (tag === 'a' ? x : title).href = url;
    return x;
  };

  const set = (e, attrs) => { for (const k in attrs) e.setAttribute(k, attrs[k]); return e; };
  const none = q => 'No results for \u201c' + q + '\u201d';

  // The box in the header (and any input[data-cairn-search]): results as
  // you type, arrows and Enter to choose.
  let boxes = 0;
  const attach = input => {
    const id = 'cairn-pop-' + ++boxes, pop = set(el('div', 'search-pop'), { id, role: 'listbox' });
    pop.hidden = true;
    input.after(pop);
    set(input, { role: 'combobox', 'aria-controls': id, 'aria-expanded': false, 'aria-autocomplete': 'list' });
    let seq = 0, active = -1, links = [], exact = null;
    const show = on => { pop.hidden = !on; input.setAttribute('aria-expanded', on); };
    const pick = i => {
      links.forEach((a, k) => a.setAttribute('aria-selected', k === i));
      active = i;
      if (i < 0) return input.removeAttribute('aria-activedescendant');
      input.setAttribute('aria-activedescendant', links[i].id);
      links[i].scrollIntoView({ block: 'nearest' });
    };
    const update = async () => {
      const q = input.value, mine = ++seq;
      if (!q.trim()) return show(false);
      try {
        const r = await search(q, true), list = await entries(r.ids.slice(0, 8));
        if (mine !== seq) return;
        const all = el('a', 'search-all', r.ids.length ? 'All ' + r.ids.length + ' results' : none(q));
        all.href = href('search/') + '?q=' + encodeURIComponent(q);
        links = list.map(e => item(e, r, 'a', href(e.url))).concat(all);
        exact = r.exact && list.length ? links[0] : null;
        links.forEach((a, k) => { set(a, { id: id + '-' + k, role: 'option' }).tabIndex = -1; });
        pop.replaceChildren(...links);
      } catch (err) {
        if (mine !== seq) return;
        links = [];
        pop.replaceChildren(el('p', 'search-error', 'The search index could not be loaded.'));
      }
      pick(-1);
      show(true);
    };
    input.addEventListener('input', update);
    input.addEventListener('focus', () => { manifest().catch(() => {}); if (input.value.trim() && links.length) show(true); });
    input.addEventListener('keydown', e => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (pop.hidden) return;
        e.preventDefault();
        const n = links.length;
        pick(e.key === 'ArrowDown' ? (active + 1) % n : (active + n - 1) % n);
      } else if (e.key === 'Enter' && active >= 0 && !pop.hidden) {
        e.preventDefault();
        location.href = links[active].href;
      } else if (e.key === 'Enter' && exact && !pop.hidden) {
        e.preventDefault();
        location.href = exact.href;
      } else if (e.key === 'Escape') {
        if (!pop.hidden) { e.preventDefault(); show(false); pick(-1); }
      }
    });
    pop.addEventListener('mousedown', e => e.preventDefault()); // keep the focus
    input.addEventListener('blur', () => show(false));
  };

  // The results page, search/?q=...&kind=...: 10 at a time, a link per kind.
  const page = () => {
    const $ = x => d.getElementById('cairn-search' + x), box = $(''), list = $('-results');
    const status = $('-status'), kinds = $('-kinds'), more = $('-more');
    const params = new URLSearchParams(location.search), kind = params.get('kind') || '';
    const link = (q, k) => '?q=' + encodeURIComponent(q) + (k ? '&kind=' + encodeURIComponent(k) : '');
    let seq = 0, r, shown = [], timer;
    box.value = params.get('q') || '';
    const next = async () => {
      const mine = seq, es = await entries(shown.slice(list.children.length, list.children.length + 10));
      if (mine !== seq) return;
      list.append(...es.map(e => item(e, r, 'li', href(e.url))));
      more.hidden = list.children.length >= shown.length;
    };
    const update = async typing => {
      const q = box.value, mine = ++seq;
      try { history.replaceState(null, '', link(q, kind)); } catch (e) { /* refused for file:// */ }
      list.replaceChildren();
      more.hidden = kinds.hidden = true;
      status.textContent = '';
      if (!q.trim()) return;
      try {
        r = await search(q, typing);
      } catch (err) {
        if (mine === seq) status.textContent = 'The search index could not be loaded (search/manifest.js).';
        return;
      }
      if (mine !== seq) return;
      const count = {};
      r.ids.forEach(id => { const k = kindOf(id); count[k] = (count[k] || 0) + 1; });
      shown = kind ? r.ids.filter(id => kindOf(id) === kind) : r.ids;
      kinds.replaceChildren(...[''].concat(man.k.filter(k => count[k])).map(k => {
        const a = el('a', '', (k ? label(k) : 'All') + ' (' + (k ? count[k] : r.ids.length) + ')');
        a.href = link(q, k);
        if (k === kind) a.setAttribute('aria-current', 'page');
        return a;
      }));
      kinds.hidden = !r.ids.length;
      status.textContent = shown.length ? shown.length + (shown.length === 1 ? ' result' : ' results') : none(q) + '.';
      await next();
    };
    box.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 120, true); });
    box.form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); update(false); });
    more.addEventListener('click', next);
    // down from the box into the results, up and down through them
    d.addEventListener('keydown', e => {
      const links = [...list.querySelectorAll('a')], i = links.indexOf(d.activeElement);
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' || !links.length || i < 0 && (d.activeElement !== box || e.key === 'ArrowUp')) return;
      e.preventDefault();
      (i === 0 && e.key === 'ArrowUp' ? box : links[i + (e.key === 'ArrowDown' ? 1 : -1)] || links[i]).focus();
    });
    update(false);
  };

  const start = () => {
    d.querySelectorAll('input[data-cairn-search]').forEach(attach);
    if (d.getElementById('cairn-search-results')) page();
  };
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', start);
  else start();
  // for tests (node): the rules, without a page
  window.cairnSearch.rules = { tokenize, stem, nameKey, search, entries };
})();
