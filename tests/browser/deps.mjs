// The dependencies page's filter box on the demo site, in headless
// Chromium over http on 127.0.0.1 and from file://: a package name and a
// version range list exactly the affected services, with owners; the
// search box finds a package by name and lands on its page.
// Usage: node deps.mjs SITE_DIR      Prints "N passed, N failed" last.
import path from 'node:path';
import { launch, schemes, serve, tally } from './lib.mjs';

const site = path.resolve(process.argv[2]);
const { check, done } = tally();

const served = await serve(site);
const browser = await launch();

// the services the filter lists for query q, once its count says so
const affected = async (page, q) => {
	await page.fill('#cairn-deps-q', q);
	await page.waitForFunction((q) => (document.getElementById('cairn-deps-count').textContent || '').includes('affected'),
		q, { timeout: 15000 }).catch(() => {});
	const rows = await page.locator('#cairn-deps-affected tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
	return rows;
};

for (const [scheme, root] of schemes(site, served)) {
	const page = await browser.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	const index = scheme === 'file' ? 'index.html' : '';

	await page.goto(root + 'dependencies/' + index);
	let rows = await affected(page, 'log4j-core <2.17.1');
	let names = rows.map((r) => r[0]).sort().join(',');
	check(names === 'auth-service,payments-api', `${scheme}: "log4j-core <2.17.1" lists exactly auth-service and payments-api (${names})`);
	check(rows.every((r) => r[4] !== ''), `${scheme}: each affected service shows its owner (${rows.map((r) => r[4]).join(', ')})`);
	rows = await affected(page, 'lodash@<4.17.21');
	names = rows.map((r) => r[0] + ' ' + r[2] + ' ' + r[3]).sort().join(', ');
	check(names === 'checkout-web 4.17.15 direct, search 4.17.20 transitive',
	      `${scheme}: "lodash@<4.17.21" lists checkout-web (direct) and search (transitive) (${names})`);
	rows = await affected(page, 'org.apache.logging.log4j:log4j-core >=2.17.1');
	names = rows.map((r) => r[0]).join(',');
	check(names === 'ledger', `${scheme}: a Maven package's full name and ">=2.17.1" list ledger only (${names})`);
	rows = await affected(page, 'left-pad <2');
	check(rows.length === 0, `${scheme}: a package no service uses lists nothing`);
	const link = await page.locator('#cairn-deps-all a', { hasText: 'lodash' }).first().getAttribute('href').catch(() => null);
	check(link && /npm\/lodash\//.test(link), `${scheme}: the list links the package's page (${link})`);

	// ?q= presets the filter
	await page.goto(root + 'dependencies/' + index + '?q=' + encodeURIComponent('log4j-core <2.17.1'));
	await page.waitForFunction(() => document.querySelectorAll('#cairn-deps-affected tr').length > 0, null, { timeout: 15000 }).catch(() => {});
	check(await page.locator('#cairn-deps-affected tr').count() === 2, `${scheme}: dependencies/?q= presets the filter`);

	// search finds a package by name and lands on its page
	await page.goto(root + 'services/' + index);
	await page.fill('#cairn-q', 'lodash');
	const first = page.locator('.search-pop .hit').first();
	await first.waitFor({ timeout: 15000 }).catch(() => {});
	await page.waitForFunction(() => /lodash/.test(document.querySelector('.search-pop .hit')?.getAttribute('href') || ''), null, { timeout: 15000 }).catch(() => {});
	const href = await first.getAttribute('href').catch(() => null);
	check(href && /dependencies\/npm\/lodash\//.test(href), `${scheme}: typing a package's name puts its page first (${href})`);
	check(errors.length === 0, `${scheme}: no script error (${errors.join('; ')})`);
	await page.close();
}
await browser.close();
served.server.close();
done();
