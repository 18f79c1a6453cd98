// themes/default/assets/oncall.js in headless Chromium with a fixed clock
// (Playwright's page.clock): a page holding the "berlin" rotation of
// tests/fixtures/oncall/cases.txt, opened from file:// at instants before
// and after a hand-off and during an override, shows who the cases say.
// The page is this test's own; oncall_site.mjs opens the pages cairn
// builds (tests/integration/test_oncall.sh).
// Usage: node oncall.mjs [REPOSITORY_ROOT]   Prints "N passed, N failed" last.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, tally } from './lib.mjs';

const root = path.resolve(process.argv[2] || path.join(path.dirname(new URL(import.meta.url).pathname), '../..'));
const cases = fs.readFileSync(path.join(root, 'tests/fixtures/oncall/cases.txt'), 'utf8');
const json = /^json (.*)$/m.exec(cases.split('rotation berlin')[1])[1];
const attr = s => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'cairn-oncall-'));
fs.copyFileSync(path.join(root, 'themes/default/assets/oncall.js'), path.join(dir, 'oncall.js'));
fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>on call</title>
<div id="rota" data-oncall="${attr(json)}">
  <span data-oncall-field="now">alice</span>
  <span data-oncall-field="later">until <time data-oncall-field="until">Mon 9 Mar</time>,
    then <span data-oncall-field="next">bob</span></span>
  <small data-oncall-field="asof">as of the build</small>
</div>
<script src="oncall.js"></script>`);

const t = tally();
const check = (name, ok, detail) => t.check(ok, ok || !detail ? name : `${name}: ${detail}`);

const browser = await launch();
try {
  const want = [
    ['2026-03-09T07:59:59Z', 'alice', false, '2026-03-09T08:00:00.000Z', 'bob'],
    ['2026-03-09T08:00:00Z', 'bob', false, '2026-03-16T08:00:00.000Z', 'carol'],
    ['2026-03-19T00:00:00Z', 'dave', true, '2026-03-20T08:00:00.000Z', 'carol'],
    ['2026-03-29T12:00:00Z', 'alice', false, '2026-03-30T07:00:00.000Z', 'bob']
  ];
  for (const [at, who, overridden, until, next] of want) {
    const page = await browser.newPage({ timezoneId: 'America/Los_Angeles' });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    await page.clock.setFixedTime(new Date(at));
    await page.goto('file://' + path.join(dir, 'index.html'));
    const got = await page.evaluate(() => {
      const el = document.getElementById('rota');
      const f = n => el.querySelector(`[data-oncall-field="${n}"]`);
      return { now: f('now').textContent, next: f('next').textContent,
        until: f('until').getAttribute('datetime'), asof: f('asof').hidden,
        live: el.hasAttribute('data-oncall-live'), over: el.hasAttribute('data-oncall-override') };
    });
    check(`at ${at}: ${who} until ${until}, then ${next}`,
      got.now === who && got.next === next && got.until === until && got.over === overridden &&
      got.live && got.asof && !errors.length, JSON.stringify({ got, errors }));
    await page.close();
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
t.done();
