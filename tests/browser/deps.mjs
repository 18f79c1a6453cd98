// The dependencies page's filter box on the demo site, in headless
// Chromium over http on 127.0.0.1 and from file://: a package name and a
// version range list exactly the affected services, with owners; the
// search box finds a package by name and lands on its page.
// Usage: node deps.mjs SITE_DIR      Prints "N passed, N failed" last.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const site = path.resolve(process.argv[2]);
let passed = 0, failed = 0;
const check = (cond, m) => { if (cond) { passed++; console.log('ok ' + m); } else { failed++; console.log('FAIL ' + m); } };

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
	let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
	if (p.endsWith('/')) p += 'index.html';
	const f = path.join(site, p);
	if (!f.startsWith(site) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) { res.writeHead(404); res.end(); return; }
	res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream' });
	fs.createReadStream(f).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// the services the filter lists for query q, once its count says so
const affected = async (page, q) => {
	await page.fill('#cairn-deps-q', q);
	await page.waitForFunction((q) => (document.getElementById('cairn-deps-count').textContent || '').includes('affected'),
		q, { timeout: 15000 }).catch(() => {});
	const rows = await page.locator('#cairn-deps-affected tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
	return rows;
};

for (const [scheme, root] of [['http', `http://127.0.0.1:${server.address().port}/`],
			      ['file', 'file://' + site + '/']]) {
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
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
