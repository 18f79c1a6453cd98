/* cairn.js: small enhancements; the site works without it.  Deferred. */
(() => {
  const d = document, html = d.documentElement, KEY = 'cairn-theme';
  const all = (sel, el = d) => [...el.querySelectorAll(sel)];
  const store = v => {
    try { return v ? localStorage.setItem(KEY, v) : localStorage.getItem(KEY); } catch (e) { return null; }
  };
  all('[data-js]').forEach(el => { el.hidden = false; });

  // Dark mode: the reader's remembered choice beats the system's.
  const saved = store();
  if (/^(dark|light)$/.test(saved)) html.dataset.theme = saved;
  const toggle = d.getElementById('cairn-theme-toggle');
  if (toggle) {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const dark = () => html.dataset.theme ? html.dataset.theme === 'dark' : mq.matches;
    const sync = () => toggle.setAttribute('aria-pressed', dark());
    toggle.addEventListener('click', () => {
      store(html.dataset.theme = dark() ? 'light' : 'dark');
      sync();
    });
    mq.addEventListener('change', sync);
    sync();
  }

  // From disk, a link to a folder must name its index.html.
  if (location.protocol === 'file:') {
    all('a[href], form[action]').forEach(el => {
      const attr = el.tagName === 'FORM' ? 'action' : 'href';
      const [, path, rest] = /^([^?#]*)(.*)$/s.exec(el.getAttribute(attr));
      if (!path || /^([a-z][\w+.-]*:|\/\/)/i.test(path)) return;
      const p = /(^|\/)\.\.?$/.test(path) ? path + '/' : path;
      if (p.endsWith('/')) el.setAttribute(attr, p + 'index.html' + rest);
    });
  }

  // "/" focuses the search box, or else the page's first filter.
  d.addEventListener('keydown', e => {
    const t = e.target;
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    const box = d.getElementById('cairn-search') || d.getElementById('cairn-q') || d.querySelector('input[data-filter]');
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });

  // The navigation's "More" (a <details>) closes on Escape, and when the
  // focus or a click goes elsewhere.
  all('.nav-more').forEach(more => {
    const shut = () => { more.open = false; };
    d.addEventListener('click', e => { if (!more.contains(e.target)) shut(); });
    more.addEventListener('focusout', e => { if (e.relatedTarget && !more.contains(e.relatedTarget)) shut(); });
    more.addEventListener('keydown', e => {
      if (e.key === 'Escape' && more.open) { shut(); more.querySelector('summary').focus(); }
    });
  });

  // Copy buttons on code blocks, and an API operation's "#" permalink also
  // copies its address; both announced in a live region.
  const blocks = all('.prose pre > code'), links = all('.api-permalink');
  if (blocks.length || links.length) {
    const say = d.createElement('p');
    say.className = 'vh';
    say.setAttribute('role', 'status');
    d.body.append(say);
    const legacy = t => {
      const ta = d.createElement('textarea');
      ta.value = t;
      ta.className = 'vh';
      ta.setAttribute('readonly', '');
      d.body.append(ta);
      ta.select();
      const ok = d.execCommand('copy');
      ta.remove();
      if (!ok) throw new Error('copy');
    };
    const copy = t => navigator.clipboard && isSecureContext
      ? navigator.clipboard.writeText(t).catch(() => legacy(t))
      : Promise.resolve().then(() => legacy(t));
    blocks.forEach(code => {
      const pre = code.parentNode, box = d.createElement('div'), b = d.createElement('button');
      box.className = 'code-box';
      pre.before(box);
      box.append(pre, b);
      b.type = 'button';
      b.className = 'copy';
      b.textContent = 'Copy';
      b.addEventListener('click', () => {
        const done = m => {
          b.textContent = say.textContent = m;
          b.focus();
          clearTimeout(b.t);
          b.t = setTimeout(() => { b.textContent = 'Copy'; say.textContent = ''; }, 2000);
        };
        copy(code.textContent).then(() => done('Copied'), () => done('Copy failed'));
      });
    });
    // the link still goes to the operation: the address bar shows it too
    links.forEach(a => {
      const text = a.textContent;
      a.addEventListener('click', () => {
        copy(a.href).then(() => {
          a.textContent = say.textContent = 'Link copied';
          a.classList.add('copied');
          a.focus({ preventScroll: true });
          clearTimeout(a.t);
          a.t = setTimeout(() => { a.textContent = text; a.classList.remove('copied'); say.textContent = ''; }, 2000);
        }, () => {});
      });
    });
  }

  // <input data-filter="ID"> shows the rows (li, tr) of #ID whose text (and
  // data-search) has every word typed; <select data-filter="ID"
  // data-filter-field="X"> the rows whose data-X is its value, or with
  // data-filter-split="S", one of the S-separated parts of data-X.  A
  // control with a name starts with the page's query parameter of that name.
  const byList = {};
  all('[data-filter]').forEach(c => {
    (byList[c.dataset.filter] = byList[c.dataset.filter] || []).push(c);
  });
  const params = new URLSearchParams(location.search);
  Object.entries(byList).forEach(([id, cs]) => {
    const list = d.getElementById(id);
    if (!list) return;
    const rows = all('li, tr', list).filter(r => !r.closest('thead'));
    // a row's words: its text, its data-search, and those of its groups
    const text = new Map(rows.map(r => {
      let s = `${r.textContent} ${r.dataset.search || ''}`;
      for (let g = r; (g = g.parentElement.closest('[data-filter-group]')) && list.contains(g);)
        s += ' ' + (g.dataset.search || '');
      return [r, s.toLowerCase()];
    }));
    const count = d.querySelector(`[data-filter-count="${id}"]`);
    let shown = rows;
    const apply = () => {
      const words = [], fields = [];
      cs.forEach(c => {
        const f = c.dataset.filterField;
        if (!f) words.push(...c.value.toLowerCase().split(/\s+/).filter(Boolean));
        else if (c.value) fields.push([f, c.value, c.dataset.filterSplit]);
      });
      shown = rows.filter(r => {
        r.hidden = !words.every(w => text.get(r).includes(w)) ||
          !fields.every(([f, v, s]) => {
            const a = r.getAttribute('data-' + f) || '';
            return s ? a.split(s).some(x => x.trim() === v) : a === v;
          });
        return !r.hidden;
      });
      all('[data-filter-group]', list).forEach(g => {
        g.hidden = !shown.some(r => g.contains(r));
      });
      const on = words.length || fields.length;
      if (count) count.textContent = on ? `${shown.length} of ${rows.length} shown` : '';
    };
    cs.forEach(c => {
      c.addEventListener(c.tagName === 'SELECT' ? 'change' : 'input', apply);
      const p = c.name && params.get(c.name);
      if (p && (!c.options || [...c.options].some(o => o.value === p))) c.value = p;
      const form = c.form;
      if (!form || form.dataset.bound) return;
      form.dataset.bound = 1;
      // Enter opens a single match; a form without action stays put.
      form.addEventListener('submit', e => {
        const link = shown.length === 1 && shown[0].querySelector('a[href]');
        if (link) location.href = link.href;
        if (link || !form.getAttribute('action')) e.preventDefault();
      });
    });
    apply();
  });

  // <time class="ago" datetime> gets how long ago it was next to it,
  // "(3 h ago)", kept fresh; the HTML holds only the absolute time.
  const agos = all('time.ago[datetime]');
  const ago = s => {
    const m = s / 60 | 0, h = m / 60 | 0, n = h / 24 | 0;
    return s < 60 ? 'just now' : m < 60 ? m + ' min ago' : h < 24 ? h + ' h ago'
      : n < 60 ? n + ' d ago' : n < 365 ? (n / 30 | 0) + ' mo ago' : (n / 365 | 0) + ' y ago';
  };
  const tick = () => agos.forEach(t => {
    const s = (Date.now() - Date.parse(t.dateTime)) / 1e3;
    if (!t.rel) {
      t.rel = d.createElement('span');
      t.rel.className = 'rel';
      t.after(' ', t.rel);
    }
    // a clock a few minutes behind the build's says "just now"
    t.rel.textContent = s > -300 ? `(${ago(Math.max(s, 0))})` : '';
  });
  if (agos.length) { tick(); setInterval(tick, 6e4); }
})();
