/* oncall.js: who is on call now, from the reader's clock (the page may be
 * days old).  The same computation as generator/oncall.c's oncall_at, on
 * the rotation oncall_to_json wrote into the page; both are tested on
 * tests/fixtures/oncall/cases.txt.  Without this script (or when the
 * browser does not know the rotation's time zone) the page keeps the
 * build-time answer it was written with.
 *
 * Markup: an element with data-oncall='{rotation JSON}' holding elements
 * with data-oncall-field set to
 *   now      the name of who is on call
 *   until    when someone else takes over (a <time>; its datetime is set)
 *   next     who takes over
 *   since    when the current person took over (a <time>)
 *   later    hidden when nobody takes over (wraps "until ... next ...")
 *   asof     the build-time label: hidden once the answer is live
 * The element gets data-oncall-live, and data-oncall-override when the
 * person is there by an override.  No third-party code. */
(() => {
  const DAY = 86400, LOOKAHEAD = 64;

  // ---- offsets: Intl gives the zone's wall clock at an instant
  const formats = new Map();
  const offsetOf = (zone, t) => {
    if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT') return 0;
    let f = formats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric',
        day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'
      });
      formats.set(zone, f);
    }
    const p = {};
    for (const { type, value } of f.formatToParts(new Date(t * 1000))) p[type] = value;
    const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) / 1000;
    return wall - t;
  };

  // The instant of a local time: the first of two, or the later reading of
  // one that never happens (tz.h's tz_from_local).
  const fromLocal = (zone, local) => {
    const before = offsetOf(zone, local - DAY), after = offsetOf(zone, local + DAY);
    const t1 = local - before, t2 = local - after;
    const ok1 = offsetOf(zone, t1) === before, ok2 = offsetOf(zone, t2) === after;
    if (ok1 && ok2) return Math.min(t1, t2);
    return ok2 && !ok1 ? t2 : t1;
  };

  const floorDiv = (a, b) => Math.floor(a / b);
  const instant = (zone, secs, local) => (local ? fromLocal(zone, secs) : secs);

  const shiftStart = (r, k) =>
    fromLocal(r.zone, (r.anchor + k * r.shift_days) * DAY + r.handoff * 60);

  // Who is on call at t, and the boundaries around t: lo <= t < hi.
  const whoAt = (r, t) => {
    const day = floorDiv(t + offsetOf(r.zone, t), DAY);
    let k = floorDiv(day - r.anchor, r.shift_days), lo, hi;
    while ((lo = shiftStart(r, k)) > t) k--;
    while ((hi = shiftStart(r, k + 1)) <= t) { k++; lo = hi; }
    const n = r.members.length;
    let who = r.members[((k % n) + n) % n], found = false, best = 0;
    for (const o of r.overrides) {
      const s = instant(r.zone, o.start, o.start_local), e = instant(r.zone, o.end, o.end_local);
      if (s <= t && t < e && (!found || s >= best)) { found = true; best = s; who = o.member; }
      if (s <= t && s > lo) lo = s;
      if (e <= t && e > lo) lo = e;
      if (s > t && s < hi) hi = s;
      if (e > t && e < hi) hi = e;
    }
    return { who, lo, hi, overridden: found };
  };

  // oncall.h's oncall_at: { who, overridden, since, until, next } (times in
  // seconds; 0 and null when there is no change within LOOKAHEAD).
  const at = (r, t) => {
    const now = whoAt(r, t);
    const out = { who: now.who, overridden: now.overridden, since: 0, until: 0, next: null };
    let hi = now.hi, lo = now.lo;
    for (let i = 0; i < LOOKAHEAD; i++) {
      const s = whoAt(r, hi);
      if (s.who !== now.who) { out.until = hi; out.next = s.who; break; }
      hi = s.hi;
    }
    for (let i = 0; i < LOOKAHEAD; i++) {
      const s = whoAt(r, lo - 1);
      if (s.who !== now.who) { out.since = lo; break; }
      lo = s.lo;
    }
    return out;
  };

  // ---- the page
  const show = (time, t) => {
    const d = new Date(t * 1000);
    time.textContent = d.toLocaleString(undefined, {
      weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'
    });
    if (time.setAttribute) time.setAttribute('datetime', d.toISOString());
  };

  const fill = (el, nowSecs) => {
    let r, a;
    try {
      r = JSON.parse(el.getAttribute('data-oncall'));
      if (!r || r.v !== 1 || !r.members || !r.members.length) return false;
      a = at(r, nowSecs);
    } catch (e) {
      return false; // a zone this browser does not know: keep the build's answer
    }
    for (const f of el.querySelectorAll('[data-oncall-field]')) {
      const name = f.getAttribute('data-oncall-field');
      if (name === 'now') f.textContent = a.who;
      else if (name === 'next') f.textContent = a.next || '';
      else if (name === 'until' && a.until) show(f, a.until);
      else if (name === 'since' && a.since) show(f, a.since);
      else if (name === 'later') f.hidden = !a.next;
      else if (name === 'asof') f.hidden = true;
    }
    el.setAttribute('data-oncall-live', '');
    if (a.overridden) el.setAttribute('data-oncall-override', '');
    else if (el.removeAttribute) el.removeAttribute('data-oncall-override');
    return true;
  };

  const fillAll = (root, nowSecs) => {
    let n = 0;
    for (const el of root.querySelectorAll('[data-oncall]')) n += fill(el, nowSecs) ? 1 : 0;
    return n;
  };

  globalThis.cairnOncall = { at, offsetOf, fromLocal, fillAll };
  if (typeof document !== 'undefined' && document.querySelectorAll) {
    const tick = () => fillAll(document, Math.floor(Date.now() / 1000));
    tick();
    setInterval(tick, 60 * 1000);
  }
})();
