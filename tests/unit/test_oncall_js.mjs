// Tests for themes/default/assets/oncall.js, run with node: the cases of
// tests/fixtures/oncall/cases.txt (the C test runs the same ones against
// oncall.c), and the page's fields filled from a fixed clock.  Prints
// "N passed, N failed" like the C tests.
// Usage: node tests/unit/test_oncall_js.mjs [REPOSITORY_ROOT]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

const root = process.argv[2] || '.';
const script = readFileSync(join(root, 'themes/default/assets/oncall.js'), 'utf8');
const cases = readFileSync(join(root, 'tests/fixtures/oncall/cases.txt'), 'utf8');

// the asset in a context of its own, as a browser without a page would run it
const context = vm.createContext({});
vm.runInContext(script, context);
const { at, fillAll } = context.cairnOncall;

let passed = 0, failed = 0;
const check = (name, ok, detail) => {
  if (ok) passed++;
  else { failed++; console.error(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
};

const secs = s => (s === '-' ? 0 : Date.parse(s) / 1000);
const iso = t => (t ? new Date(t * 1000).toISOString().replace('.000Z', 'Z') : '-');

// ---- the shared table
let rotation = null, name = '', count = 0;
for (const line of cases.split('\n')) {
  if (line.startsWith('rotation ')) { name = line.slice(9); rotation = null; }
  else if (line.startsWith('json ')) rotation = JSON.parse(line.slice(5));
  else if (line.startsWith('at ')) {
    const m = /^at (\S+) (\S+?)(\*?) until (\S+) next (\S+) since (\S+)$/.exec(line);
    if (!m || !rotation) { check(`${name}: ${line}`, false, 'unreadable case'); continue; }
    const [, when, who, star, until, next, since] = m;
    const got = at(rotation, secs(when));
    const want = `${who}${star} until ${until} next ${next} since ${since}`;
    const have = `${got.who}${got.overridden ? '*' : ''} until ${iso(got.until)} ` +
      `next ${got.next || '-'} since ${iso(got.since)}`;
    check(`${name} at ${when}`, have === want, `got ${have}, want ${want}`);
    count++;
  }
}
check('the table has its cases', count >= 20, `${count} cases`);

// ---- the page: fake elements, enough for fillAll
const element = (attrs, children = []) => ({
  attrs: { ...attrs }, children, textContent: attrs.text || '', hidden: false,
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; },
  setAttribute(k, v) { this.attrs[k] = String(v); },
  removeAttribute(k) { delete this.attrs[k]; },
  querySelectorAll(sel) {
    const key = /^\[([\w-]+)\]$/.exec(sel)[1], out = [];
    const walk = el => { for (const c of el.children) { if (key in c.attrs) out.push(c); walk(c); } };
    walk(this);
    return out;
  }
});
const berlin = /^json (.*)$/m.exec(cases.split('rotation berlin')[1])[1];
const fields = ['now', 'until', 'next', 'since', 'later', 'asof']
  .map(f => element({ 'data-oncall-field': f, text: 'build-time' }));
const box = element({ 'data-oncall': berlin }, fields);
const page = element({}, [box, element({ 'data-oncall': '{not json' })]);
const [now, until, next, since, later, asof] = fields;

check('one box filled', fillAll(page, secs('2026-03-19T00:00:00Z')) === 1);
check('now is the override', now.textContent === 'dave', now.textContent);
check('next', next.textContent === 'carol', next.textContent);
check('until carries its instant', until.attrs.datetime === '2026-03-20T08:00:00.000Z', until.attrs.datetime);
check('since carries its instant', since.attrs.datetime === '2026-03-18T17:00:00.000Z', since.attrs.datetime);
check('the build-time label is hidden', asof.hidden === true);
check('the later part shows', later.hidden === false);
check('live and overridden are marked',
  'data-oncall-live' in box.attrs && 'data-oncall-override' in box.attrs);
fillAll(page, secs('2026-03-20T09:00:00Z'));
check('a minute later, the rotation again', now.textContent === 'carol' && !('data-oncall-override' in box.attrs));

// a zone this browser does not know keeps the build's answer
const unknown = JSON.parse(berlin);
unknown.zone = 'Europe/Atlantis';
const kept = element({ 'data-oncall-field': 'now', text: 'build-time' });
check('an unknown zone fills nothing',
  fillAll(element({}, [element({ 'data-oncall': JSON.stringify(unknown) }, [kept])]), 0) === 0 &&
  kept.textContent === 'build-time');

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
