/* deps.js: package versions compared as each ecosystem orders them, and the
   version ranges of the dependencies page's filter box, in the browser.
   It mirrors generator/version.c function by function (see version.h for
   the rules): change one, change both, and add the case to
   tests/fixtures/versions.txt, which tests/unit/test_deps_js.mjs checks
   this file against.  No other script is needed; works from file://.
   Exposes window.cairnDeps = { valid, compare, inRange, specMeets,
   parseQuery, keyOf, shardIndex }. */
(() => {
  'use strict';
  const MAX_PARTS = 64;
  const isDigit = c => c >= '0' && c <= '9';
  const isAlpha = c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  const isAlnum = c => isDigit(c) || isAlpha(c);
  const isSpace = c => c === ' ' || (c >= '\t' && c <= '\r');
  const lower = c => (c >= 'A' && c <= 'Z') ? String.fromCharCode(c.charCodeAt(0) + 32) : c;
  const sign = c => c < 0 ? -1 : c > 0 ? 1 : 0;
  const run = (s, i, ok) => { let n = 0; while (i + n < s.length && ok(s[i + n])) n++; return n; };
  const digits = (s, i) => run(s, i, isDigit);
  const letters = (s, i) => run(s, i, isAlpha);
  const at = (s, i) => i < s.length ? s[i] : '';
  const strip0 = t => t.replace(/^0+/, '');

  // a part: { t: text, num: bool } (numbers without leading zeros)
  const push = (ps, t, num) => {
    if (ps.length === MAX_PARTS) return -1;
    ps.push({ t: num ? strip0(t) : t, num });
    return 0;
  };
  const numCmp = (a, b) => a.length !== b.length ? (a.length < b.length ? -1 : 1) : (a < b ? -1 : a > b ? 1 : 0);
  const wordCmp = (a, b, fold) => {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const x = fold ? lower(a[i]) : a[i], y = fold ? lower(b[i]) : b[i];
      if (x !== y) return x < y ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  };
  const wordIs = (t, w) => t.length === w.length && wordCmp(t, w, true) === 0;

  // ---- semver
  const identList = (s, i, out) => { // identifiers after '-' or '+'; returns the new index or -1
    do {
      i++;
      const n = run(s, i, c => isAlnum(c) || c === '-');
      if (n === 0) return -1;
      const t = s.substr(i, n);
      if (out && push(out, t, digits(t, 0) === n) < 0) return -1;
      i += n;
    } while (at(s, i) === '.');
    return i;
  };
  const semverParse = s => {
    const k = { rel: [], pre: [] };
    let i = 0;
    if (at(s, 0) === 'v' || at(s, 0) === 'V') i++;
    for (;;) {
      const n = digits(s, i);
      if (n === 0 || push(k.rel, s.substr(i, n), true) < 0) return null;
      i += n;
      if (at(s, i) !== '.') break;
      i++;
    }
    if (at(s, i) === '-' && (i = identList(s, i, k.pre)) < 0) return null;
    if (at(s, i) === '+' && (i = identList(s, i, null)) < 0) return null;
    return i === s.length ? k : null;
  };
  const numsCmp = (a, b) => {
    for (let i = 0; i < a.length || i < b.length; i++) {
      const c = numCmp(i < a.length ? a[i].t : '', i < b.length ? b[i].t : '');
      if (c) return c;
    }
    return 0;
  };
  const identsCmp = (a, b, fold) => {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const x = a[i], y = b[i];
      if (x.num !== y.num) return x.num ? -1 : 1;
      const c = x.num ? numCmp(x.t, y.t) : wordCmp(x.t, y.t, fold);
      if (c) return c;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  };
  const semverCmp = (a, b, fold) => {
    const c = numsCmp(a.rel, b.rel);
    if (c) return c;
    if (!a.pre.length || !b.pre.length)
      return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
    return identsCmp(a.pre, b.pre, fold);
  };

  // ---- PEP 440
  const isSep = c => c === '.' || c === '-' || c === '_';
  const pepNumber = (s, i) => { // [sep]N: { n, i }
    const t = isSep(at(s, i)) ? i + 1 : i, n = digits(s, t);
    return n === 0 ? { n: '', i } : { n: strip0(s.substr(t, n)), i: t + n };
  };
  const pepPreKind = w => {
    if (wordIs(w, 'a') || wordIs(w, 'alpha')) return 1;
    if (wordIs(w, 'b') || wordIs(w, 'beta')) return 2;
    if (wordIs(w, 'c') || wordIs(w, 'rc') || wordIs(w, 'pre') || wordIs(w, 'preview')) return 3;
    return 0;
  };
  const pep440Parse = s => {
    const k = { epoch: '', rel: [], local: [], pre: 4, preN: '', post: 0, postN: '', dev: 0, devN: '' };
    let i = 0, n, t, r;
    if (at(s, 0) === 'v' || at(s, 0) === 'V') i++;
    n = digits(s, i);
    if (n && at(s, i + n) === '!') { k.epoch = strip0(s.substr(i, n)); i += n + 1; }
    for (;;) {
      n = digits(s, i);
      if (n === 0 || push(k.rel, s.substr(i, n), true) < 0) return null;
      i += n;
      if (at(s, i) !== '.' || !isDigit(at(s, i + 1))) break;
      i++;
    }
    t = isSep(at(s, i)) ? i + 1 : i;
    n = letters(s, t);
    if (n && pepPreKind(s.substr(t, n))) {
      k.pre = pepPreKind(s.substr(t, n));
      r = pepNumber(s, t + n); k.preN = r.n; i = r.i;
    }
    t = isSep(at(s, i)) ? i + 1 : i;
    n = letters(s, t);
    const w = s.substr(t, n);
    if (at(s, i) === '-' && digits(s, i + 1)) {
      k.post = 1; r = pepNumber(s, i); k.postN = r.n; i = r.i;
    } else if (n && (wordIs(w, 'post') || wordIs(w, 'rev') || wordIs(w, 'r'))) {
      k.post = 1; r = pepNumber(s, t + n); k.postN = r.n; i = r.i;
    }
    t = isSep(at(s, i)) ? i + 1 : i;
    n = letters(s, t);
    if (n && wordIs(s.substr(t, n), 'dev')) {
      k.dev = 1; r = pepNumber(s, t + n); k.devN = r.n; i = r.i;
      if (k.pre === 4 && !k.post) k.pre = 0;
    }
    if (at(s, i) === '+') {
      do {
        i++;
        n = run(s, i, isAlnum);
        if (n === 0 || push(k.local, s.substr(i, n), digits(s, i) === n) < 0) return null;
        i += n;
      } while (isSep(at(s, i)));
    }
    return i === s.length ? k : null;
  };
  const pep440Cmp = (a, b) => {
    let c = numCmp(a.epoch, b.epoch);
    if (!c) c = numsCmp(a.rel, b.rel);
    if (!c) c = sign(a.pre - b.pre);
    if (!c && a.pre >= 1 && a.pre <= 3) c = numCmp(a.preN, b.preN);
    if (!c) c = sign(a.post - b.post);
    if (!c && a.post) c = numCmp(a.postN, b.postN);
    if (!c) c = sign(b.dev - a.dev);
    if (!c && a.dev) c = numCmp(a.devN, b.devN);
    if (c) return c;
    if (!a.local.length || !b.local.length)
      return a.local.length === b.local.length ? 0 : a.local.length ? 1 : -1;
    for (let i = 0; i < a.local.length && i < b.local.length; i++) {
      const x = a.local[i], y = b.local[i];
      if (x.num !== y.num) return x.num ? 1 : -1;
      c = x.num ? numCmp(x.t, y.t) : wordCmp(x.t, y.t, true);
      if (c) return c;
    }
    return sign(a.local.length - b.local.length);
  };

  // ---- Maven
  const MAVEN_ORDER = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
  const mavenRank = q => {
    if (!q) return 5;
    for (let i = 0; i < MAVEN_ORDER.length; i++) if (wordIs(q.t, MAVEN_ORDER[i])) return i;
    if (wordIs(q.t, 'ga') || wordIs(q.t, 'final') || wordIs(q.t, 'release')) return 5;
    if (wordIs(q.t, 'cr')) return 3;
    return 7;
  };
  const mavenNull = p => p.num ? p.t === '' : mavenRank(p) === 5;
  const mavenTrim = (ps, from) => { while (ps.length > from && mavenNull(ps[ps.length - 1])) ps.pop(); };
  const mavenParse = s => {
    const ps = [];
    let list = 0, i = 0;
    if (!s.length) return null;
    while (i < s.length) {
      const c = s[i];
      if (c === '.' || c === '-') {
        if (c === '-') { mavenTrim(ps, list); list = ps.length; }
        i++;
        continue;
      }
      let n = digits(s, i);
      if (n) {
        if (push(ps, s.substr(i, n), true) < 0) return null;
      } else {
        n = run(s, i, ch => ch !== '.' && ch !== '-' && !isDigit(ch));
        if (ps.length > list) { mavenTrim(ps, list); list = ps.length; }
        if (push(ps, s.substr(i, n), false) < 0) return null;
        const a = 'abm'.indexOf(lower(s[i]));
        if (n === 1 && isDigit(at(s, i + 1)) && a >= 0)
          ps[ps.length - 1].t = ['alpha', 'beta', 'milestone'][a];
      }
      i += n;
    }
    mavenTrim(ps, 0);
    return ps;
  };
  const mavenCmp = (a, b) => {
    for (let i = 0; i < a.length || i < b.length; i++) {
      const x = i < a.length ? a[i] : null, y = i < b.length ? b[i] : null;
      let c;
      if ((x && x.num) || (y && y.num)) {
        if (x && !x.num) return -1;
        if (y && !y.num) return 1;
        c = numCmp(x ? x.t : '', y ? y.t : '');
      } else {
        c = sign(mavenRank(x) - mavenRank(y));
        if (!c && x && y && mavenRank(x) === 7) c = wordCmp(x.t, y.t, true);
      }
      if (c) return c;
    }
    return 0;
  };

  // ---- RubyGems
  const gemParse = s => {
    const ps = [];
    let i = 0;
    if (!isDigit(at(s, 0))) return null;
    while (i < s.length) {
      let n = digits(s, i);
      const num = n > 0;
      if (!num) n = letters(s, i);
      if (n) {
        if (push(ps, s.substr(i, n), num) < 0) return null;
        i += n;
      } else if (s[i] === '.') {
        i++;
      } else if (s[i] === '-') {
        if (push(ps, 'pre', false) < 0) return null;
        i++;
      } else {
        return null;
      }
    }
    return ps;
  };
  const gemCmp = (a, b) => {
    for (let i = 0; i < a.length || i < b.length; i++) {
      const x = i < a.length ? a[i] : null, y = i < b.length ? b[i] : null;
      const xn = !x || x.num, yn = !y || y.num;
      if (xn !== yn) return xn ? 1 : -1;
      const c = xn ? numCmp(x ? x.t : '', y ? y.t : '') : wordCmp(x.t, y.t, false);
      if (c) return c;
    }
    return 0;
  };

  // ---- dispatch
  const SCHEMES = {
    semver: [semverParse, semverCmp],
    pypi: [pep440Parse, pep440Cmp],
    maven: [mavenParse, mavenCmp],
    rubygems: [gemParse, gemCmp],
  };
  const scheme = eco => SCHEMES[eco === 'pypi' || eco === 'maven' || eco === 'rubygems' ? eco : 'semver'];
  const parse = (eco, v) => typeof v === 'string' ? scheme(eco)[0](v) : null;
  const valid = (eco, v) => parse(eco, v) !== null;
  const compare = (eco, a, b) => {
    const ka = parse(eco, a), kb = parse(eco, b);
    if (ka && kb) return scheme(eco)[1](ka, kb, eco === 'packagist');
    if (!!ka !== !!kb) return ka ? 1 : -1;
    const sa = typeof a === 'string' ? a : '', sb = typeof b === 'string' ? b : '';
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  };

  // ---- ranges
  const rangeSpace = c => isSpace(c) || c === ',';
  const isOp = c => c === '<' || c === '>' || c === '=' || c === '!';
  const OPS = {
    '': c => c === 0, '=': c => c === 0, '==': c => c === 0, '<': c => c < 0, '>': c => c > 0,
    '<=': c => c <= 0, '>=': c => c >= 0, '!=': c => c !== 0,
  };
  // one comparator of an alternative from index i: { r: 1, op, v, i } when
  // read, { r: 0, i } at "||" or the end, { r: -1, i } when unreadable
  const comparator = (eco, s, i) => {
    while (i < s.length && rangeSpace(s[i])) i++;
    if (i >= s.length || s[i] === '|') return { r: 0, i };
    const opn = run(s, i, isOp), op = s.substr(i, opn);
    i += opn;
    while (i < s.length && isSpace(s[i])) i++;
    const n = run(s, i, c => !rangeSpace(c) && c !== '|' && !isOp(c));
    if (n === 0 || n >= 256) return { r: -1, i };
    const v = s.substr(i, n);
    i += n;
    if (!valid(eco, v) || !Object.prototype.hasOwnProperty.call(OPS, op)) return { r: -1, i };
    return { r: 1, op, v, i };
  };
  // { holds: 0|1|-1, i } for one alternative of range from index i
  const alternative = (eco, v, s, i) => {
    let holds = 1, c;
    while ((c = comparator(eco, s, i)).r > 0) {
      i = c.i;
      if (!OPS[c.op](compare(eco, v, c.v))) holds = 0;
    }
    return { holds: c.r < 0 ? -1 : holds, i: c.i };
  };
  const inRange = (eco, v, range) => {
    const s = typeof range === 'string' ? range : '';
    const ok = valid(eco, v);
    let i = 0, inside = 0;
    for (;;) {
      const r = alternative(eco, ok ? v : '0', s, i);
      if (r.holds < 0) return -1;
      inside |= r.holds;
      i = r.i;
      if (i >= s.length) break;
      if (s[i] !== '|' || s[i + 1] !== '|') return -1;
      i += 2;
    }
    return ok && inside ? 1 : 0;
  };

  // ---- version requirements (pom.xml's): intervals { lo, hi }, each end
  // null (unbounded) or { v, incl }
  const narrow = (eco, b, v, incl, hi) => {
    let c = b ? compare(eco, v, b.v) : hi ? -1 : 1;
    if (hi) c = -c;
    if (c < 0) return b;
    if (c === 0) return { v: b.v, incl: b.incl && incl };
    return { v, incl };
  };
  const overlap = (eco, x, y) => {
    const lo = y.lo ? narrow(eco, x.lo, y.lo.v, y.lo.incl, 0) : x.lo;
    const hi = y.hi ? narrow(eco, x.hi, y.hi.v, y.hi.incl, 1) : x.hi;
    if (!lo || !hi) return true;
    const c = compare(eco, lo.v, hi.v);
    return c < 0 || (c === 0 && lo.incl && hi.incl);
  };
  // one end of a Maven range from i up to ',' or a closing bracket
  const specEnd = (eco, s, i) => {
    let n = run(s, i, c => c !== ',' && c !== ']' && c !== ')'), j = i;
    while (n && isSpace(s[j + n - 1])) n--;
    while (n && isSpace(s[j])) { j++; n--; }
    const v = s.substr(j, n);
    let k = j + n;
    k += run(s, k, c => c === ' ' || c === '\t');
    if (n >= 256 || (n && !valid(eco, v))) return { r: -1, i: k };
    return { r: 0, b: n ? { v, incl: false } : null, i: k };
  };
  // the next interval of a Maven range: { r: 1, lo, hi, i }, { r: 0 } at the end, { r: -1 }
  const specInterval = (eco, s, i) => {
    while (i < s.length && rangeSpace(s[i])) i++;
    if (i >= s.length) return { r: 0, i };
    if (s[i] !== '[' && s[i] !== '(') return { r: -1, i };
    const loIncl = s[i++] === '[';
    let e = specEnd(eco, s, i), lo, hi;
    if (e.r < 0) return e;
    lo = e.b; i = e.i;
    if (lo) lo.incl = loIncl;
    if (s[i] === ',') {
      e = specEnd(eco, s, i + 1);
      if (e.r < 0) return e;
      hi = e.b; i = e.i;
    } else if (lo && s[i] === ']') {
      hi = { v: lo.v, incl: false };
    } else {
      return { r: -1, i };
    }
    if (s[i] !== ']' && s[i] !== ')') return { r: -1, i };
    if (hi) hi.incl = s[i] === ']';
    return { r: 1, lo, hi, i: i + 1 };
  };
  // the versions one alternative of a filter range allows ("!=" narrows nothing)
  const rangeInterval = (eco, s, i) => {
    let lo = null, hi = null, c;
    while ((c = comparator(eco, s, i)).r > 0) {
      i = c.i;
      if (c.op === '' || c.op === '=' || c.op === '==' || c.op === '>' || c.op === '>=')
        lo = narrow(eco, lo, c.v, c.op !== '>', 0);
      if (c.op === '' || c.op === '=' || c.op === '==' || c.op === '<' || c.op === '<=')
        hi = narrow(eco, hi, c.v, c.op !== '<', 1);
    }
    return { r: c.r, lo, hi, i: c.i };
  };
  const specMeets = (eco, spec, range) => {
    const s = typeof range === 'string' ? range : '';
    if (typeof spec !== 'string' || !spec) return inRange(eco, '', s) < 0 ? -1 : 0;
    if (spec[0] !== '[' && spec[0] !== '(') return inRange(eco, spec, s);
    const want = [];
    let i = 0;
    for (;;) {
      const w = rangeInterval(eco, s, i);
      if (want.length === 64 || w.r < 0) return -1;
      want.push(w);
      i = w.i;
      if (i >= s.length) break;
      if (s[i] !== '|' || s[i + 1] !== '|') return -1;
      i += 2;
    }
    let meets = 0, have;
    i = 0;
    while ((have = specInterval(eco, spec, i)).r > 0) {
      i = have.i;
      if (have.lo && have.hi && have.lo.incl && have.hi.incl && compare(eco, have.lo.v, have.hi.v) === 0) {
        if (inRange(eco, have.lo.v, s) === 1) meets = 1; // one version: "!=" counts too
        continue;
      }
      for (const w of want) if (overlap(eco, have, w)) meets = 1;
    }
    return have.r < 0 ? 0 : meets;
  };

  // ---- the filter box's text: { name, range }
  const startsRange = s => isOp(at(s, 0)) || isDigit(at(s, 0)) ||
    ((at(s, 0) === 'v' || at(s, 0) === 'V') && isDigit(at(s, 1)));
  const trimSpace = s => {
    let i = 0, e = s.length;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    return s.substring(i, e);
  };
  const parseQuery = text => {
    const s = trimSpace(typeof text === 'string' ? text : '');
    if (!s || startsRange(s)) return { name: '', range: s };
    const w = run(s, 0, c => !isSpace(c));
    let a = 1;
    while (a < w && s[a] !== '@') a++;
    const name = s.substring(0, a < w ? a : w);
    return { name, range: trimSpace(s.substring(a < w ? a + 1 : w)) };
  };

  // ---- the shards of the filter's data (page_deps.h): a package's key is
  // its name after the last ':', ASCII letters in lower case, each run of
  // - _ . as one -; keys compare by code points; a key's shard is the last
  // whose first key is at most it (-1: none)
  const keyOf = name => {
    const i = name.lastIndexOf(':');
    return (i >= 0 ? name.substring(i + 1) : name)
      .replace(/[A-Z]/g, c => c.toLowerCase()).replace(/[-_.]+/g, '-');
  };
  const cmpKey = (a, b) => {
    const x = Array.from(a), y = Array.from(b);
    for (let i = 0; i < x.length && i < y.length; i++) {
      const c = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (c) return c;
    }
    return x.length - y.length;
  };
  const shardIndex = (firsts, key) => {
    let lo = 0, hi = firsts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmpKey(firsts[mid], key) <= 0) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  };

  const api = { valid, compare, inRange, specMeets, parseQuery, keyOf, shardIndex };
  if (typeof window !== 'undefined') window.cairnDeps = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})();

/* The dependencies page's filter box: "NAME RANGE" lists the services
   whose version of package NAME is in RANGE, with their owners and
   on-call links.  Data: dependencies/data/services.js (loaded by the
   page: the services, and the first key of each shard) and one shard per
   query, dependencies/data/<n>.js, n the last shard whose first key is at
   most the package's key (page_deps.h says how keys are made and
   ordered: cairnDeps.keyOf and shardIndex mirror it). */
(() => {
  'use strict';
  if (typeof document === 'undefined') return;
  const d = document;
  const me = d.currentScript || d.querySelector('script[src$="deps.js"]');
  const base = new URL('../dependencies/data/', me.src);
  const shards = {}, waiting = {};
  let services = [], firsts = [], loaded;
  // services.js runs after this script (both deferred): queries wait for it
  const ready = new Promise(ok => { loaded = ok; });
  window.addEventListener('load', () => loaded());
  window.cairnDepsData = {
    services: (list, keys) => { services = list; firsts = keys || []; loaded(); },
    shard: (c, list) => { shards[c] = list; (waiting[c] || []).forEach(f => f(list)); delete waiting[c]; }
  };
  const { keyOf, shardIndex } = window.cairnDeps;
  const shardOf = key => shardIndex(firsts, key);
  const pep503 = s => s.toLowerCase().replace(/[-_.]+/g, '-');
  const load = c => c < 0 ? Promise.resolve([]) : c in shards ? Promise.resolve(shards[c]) : new Promise(ok => {
    if (!waiting[c]) {
      waiting[c] = [];
      const s = d.createElement('script');
      s.src = base + c + '.js';
      s.onload = () => s.remove();
      s.onerror = () => { s.remove(); shards[c] = []; (waiting[c] || []).forEach(f => f([])); delete waiting[c]; };
      d.head.append(s);
    }
    waiting[c].push(ok);
  });
  // a package [ecosystem, name, address, versions] answers to its name in
  // any case, a Maven package to its artifactId, a Python one as PEP 503
  const matches = (pkg, name) => {
    const n = name.toLowerCase(), full = pkg[1].toLowerCase();
    if (full === n) return true;
    if (pkg[0] === 'maven' && full.substring(full.lastIndexOf(':') + 1) === n) return true;
    return pkg[0] === 'pypi' && pep503(full) === pep503(n);
  };
  const cell = (tr, label, node) => {
    const td = d.createElement(label === 'Service' ? 'th' : 'td');
    td.dataset.label = label;
    if (typeof node === 'string') td.textContent = node; else if (node) td.append(node);
    tr.append(td);
  };
  const link = (href, text, inSite) => {
    const a = d.createElement('a');
    a.href = inSite ? new URL('../../' + href, base).href : href;
    a.textContent = text;
    return a;
  };
  const init = () => {
    const form = d.getElementById('cairn-deps-filter');
    if (!form) return;
    const q = d.getElementById('cairn-deps-q'), count = d.getElementById('cairn-deps-count');
    const result = d.getElementById('cairn-deps-result'), body = d.getElementById('cairn-deps-affected');
    const all = d.getElementById('cairn-deps-all');
    const allWrap = all ? all.closest('.table-wrap') : null;
    let seq = 0;
    const show = async () => {
      const mine = ++seq;
      const { name, range } = window.cairnDeps.parseQuery(q.value);
      if (!name) {
        body.textContent = '';
        result.hidden = true;
        if (allWrap) allWrap.hidden = false;
        count.textContent = q.value.trim() ? 'Type a package name, then a version range.' : '';
        return;
      }
      await ready;
      const list = await load(shardOf(keyOf(name)));
      if (mine !== seq) return;
      const rows = [];
      let bad = false;
      for (const pkg of list) {
        if (!matches(pkg, name)) continue;
        for (const [version, resolved, uses] of pkg[3]) {
          // a version known only as a range is listed when no range is
          // asked, and a Maven range when it allows a version in the range
          const inside = resolved ? window.cairnDeps.inRange(pkg[0], version, range)
            : !range ? 1 : pkg[0] === 'maven' ? window.cairnDeps.specMeets(pkg[0], version, range) : 0;
          if (inside < 0) bad = true;
          if (inside !== 1) continue;
          for (const [si, direct] of uses) rows.push({ pkg, version, svc: services[si] || [], direct });
        }
      }
      rows.sort((a, b) => (a.svc[0] || '').localeCompare(b.svc[0] || '') ||
        window.cairnDeps.compare(a.pkg[0], b.version, a.version));
      body.textContent = '';
      for (const r of rows) {
        const tr = d.createElement('tr');
        tr.className = 'affected';
        const [sname, saddr, team, taddr, oncall] = r.svc;
        cell(tr, 'Service', link(saddr, sname, true));
        cell(tr, 'Package', link(r.pkg[2], r.pkg[1], true));
        cell(tr, 'Version', r.version);
        cell(tr, 'Use', r.direct ? 'direct' : 'transitive');
        cell(tr, 'Owner', team ? link(taddr, team, true) : '');
        cell(tr, 'On call', oncall ? link(oncall, 'on call', false) : '');
        body.append(tr);
      }
      const nsvc = new Set(rows.map(r => r.svc[0])).size;
      result.hidden = rows.length === 0;
      if (allWrap) allWrap.hidden = true;
      count.textContent = bad
        ? 'The version range cannot be read: use <, <=, >, >=, =, != and ||, as in "<2.17.1" or ">=1.0 <1.4".'
        : nsvc + ' service' + (nsvc === 1 ? '' : 's') + ' affected (' + name + (range ? ' ' + range : '') + ')';
    };
    q.addEventListener('input', show);
    form.addEventListener('submit', e => { e.preventDefault(); show(); });
    const pre = new URLSearchParams(location.search).get('q');
    if (pre) { q.value = pre; show(); }
  };
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', init); else init();
})();
