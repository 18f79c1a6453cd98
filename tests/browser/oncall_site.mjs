// Who is on call on pages cairn built (tests/integration/test_oncall.sh
// builds them at 2026-03-09T07:00Z), opened from file:// in headless
// Chromium with a fixed clock (Playwright's page.clock), as a reader days
// later would: themes/default/assets/oncall.js replaces the build's answer
// with the one at the reader's instant, across a hand-off and during an
// override, on a service page, the home page's card, a team page and a
// runbook's incident panel.
// Usage: node oncall_site.mjs SITE_DIR   Prints "N passed, N failed" last.
import path from 'node:path';
import { launch, tally } from './lib.mjs';

const site = path.resolve(process.argv[2]);
const t = tally();
const check = (name, ok, detail) => t.check(ok, ok || !detail ? name : `${name}: ${detail}`);

// [page, clock, selector of the data-oncall element, who, overridden, until, next]
const want = [
  ['services/pay/index.html', '2026-03-09T07:59:59Z', '#cairn-oncall', 'alice', false, '2026-03-09T08:00:00.000Z', 'bob'],
  ['services/pay/index.html', '2026-03-09T08:00:00Z', '#cairn-oncall', 'bob', false, '2026-03-16T08:00:00.000Z', 'carol'],
  ['services/pay/index.html', '2026-03-19T00:00:00Z', '#cairn-oncall', 'dave', true, '2026-03-20T08:00:00.000Z', 'carol'],
  ['services/pay/index.html', '2026-03-20T08:00:00Z', '#cairn-oncall', 'carol', false, '2026-03-23T08:00:00.000Z', 'alice'],
  ['teams/payments/index.html', '2026-03-10T10:00:00Z', '#cairn-oncall', 'frank', false, '2026-03-17T10:00:00.000Z', 'erin'],
  ['index.html', '2026-03-19T00:00:00Z', '.oncall-card[data-oncall*="dave"]', 'dave', true, null, null],
  // a runbook's incident panel (no build-time label on it)
  ['services/pay/docs/runbooks/restart/index.html', '2026-03-09T08:00:00Z', '.incident-panel .oncall-card', 'bob', false, '2026-03-16T08:00:00.000Z', 'carol']
];

const browser = await launch();
try {
  for (const [file, at, sel, who, overridden, until, next] of want) {
    const page = await browser.newPage({ timezoneId: 'Asia/Tokyo' });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    await page.clock.setFixedTime(new Date(at));
    await page.goto('file://' + path.join(site, file));
    await page.waitForSelector(sel + '[data-oncall-live]', { state: 'attached', timeout: 5000 }).catch(() => {});
    const got = await page.evaluate(s => {
      const el = document.querySelector(s);
      if (!el) return null;
      const f = n => el.querySelector(`[data-oncall-field="${n}"]`);
      const cover = el.querySelector('.oncall-covering');
      return {
        now: f('now').textContent, next: f('next') && f('next').textContent,
        until: f('until') && f('until').getAttribute('datetime'),
        asof: f('asof') ? f('asof').hidden : true, live: el.hasAttribute('data-oncall-live'),
        over: el.hasAttribute('data-oncall-override'),
        covering: cover ? getComputedStyle(cover).display !== 'none' : null
      };
    }, sel);
    const ok = got && got.now === who && got.over === overridden && got.live && got.asof &&
      (until === null || (got.until === until && got.next === next)) &&
      (got.covering === null || got.covering === overridden) && !errors.length;
    check(`${file} at ${at}: ${who}${until ? ` until ${until}, then ${next}` : ''}`, ok,
      JSON.stringify({ got, errors }));
    await page.close();
  }
} finally {
  await browser.close();
}
t.done();
