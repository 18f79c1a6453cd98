// The search box and the search page of the demo site, in headless Chromium
// over http on 127.0.0.1 and from file://: a service's name puts that
// service first; a phrase from a runbook's body (an error message quoted in
// it) reaches the runbook with the keyboard; search/?q=... is a shareable
// results page with kind filters; an interaction of a contract finds the
// contract on its API's page.  Each index file is asked for under its own
// version in the manifest (search/t/N.js?v=..., search/d/N.js?v=...).
// Usage: node search.mjs SITE_DIR      Prints "N passed, N failed" last.
import fs from 'node:fs';
import path from 'node:path';
import { launch, schemes, serve, tally } from './lib.mjs';

const site = path.resolve(process.argv[2]);
const { check, done } = tally();
// the versions the manifest gives the files (docs/search.md, "Files")
const man = JSON.parse(/^cairnSearch\.m\((.*)\)\n$/s.exec(fs.readFileSync(path.join(site, 'search/manifest.js'), 'utf8'))[1]);
const version = (kind, n) => kind === 't' ? man.tv.substr(4 * n, 4) : man.dv.substr(4 * Math.floor(n / man.g), 4);

const served = await serve(site);
const browser = await launch();

for (const [scheme, root] of schemes(site, served)) {
	const page = await browser.newPage();
	const errors = [], files = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('request', (r) => {
		const m = /\/search\/([td])\/(\d+)\.js(\?v=(.*))?$/.exec(r.url());
		if (m) files.push([m[0], m[4] === version(m[1], Number(m[2]))]);
	});
	const index = scheme === 'file' ? 'index.html' : '';

	// the home page's box, focused, is the portal's search: an alert's
	// name there puts its runbook first, and Enter opens it
	await page.goto(root + index);
	const homeFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
	check(homeFocus === 'cairn-search', `${scheme}: the home page's search box is focused (${homeFocus})`);
	await page.keyboard.type('LedgerDriftHigh', { delay: 5 });
	await page.waitForFunction(() => {
		const h = document.querySelector('.search-pop .hit');
		return h && /runbooks\/ledgerdrifthigh\//.test(h.getAttribute('href') || '');
	}, null, { timeout: 15000 }).catch(() => {});
	await Promise.all([page.waitForNavigation({ timeout: 15000 }).catch(() => {}), page.keyboard.press('Enter')]);
	check(/runbooks\/ledgerdrifthigh\//.test(page.url()), `${scheme}: an alert's name typed on the home page and Enter open its runbook (${page.url()})`);

	// an RFC by its number, as people quote it
	await page.goto(root + 'services/' + index);
	for (const q of ['0012', 'RFC 12', 'rfc-0012']) {
		await page.fill('#cairn-q', q);
		await page.waitForFunction(() => {
			const h = document.querySelector('.search-pop .hit');
			return h && /0012-per-tenant-rate-limits/.test(h.getAttribute('href') || '');
		}, null, { timeout: 15000 }).catch(() => {});
		const h = await page.locator('.search-pop .hit').first().getAttribute('href').catch(() => null);
		check(h && /0012-per-tenant-rate-limits/.test(h), `${scheme}: "${q}" puts RFC 0012 first (${h})`);
	}

	// "/" focuses the box on any page; a service's name puts it first
	await page.goto(root + 'services/' + index);
	await page.keyboard.press('/');
	const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
	check(focused === 'cairn-q' || focused === 'cairn-search', `${scheme}: "/" focuses the search box (${focused})`);
	await page.fill('#cairn-q', 'ledger');
	const first = page.locator('.search-pop .hit').first();
	await first.waitFor({ timeout: 15000 }).catch(() => {});
	const href = await first.getAttribute('href').catch(() => null);
	const kind = await first.locator('.kind').textContent().catch(() => '');
	check(href && /services\/ledger\/(index\.html)?$/.test(href) && /service/i.test(kind),
	      `${scheme}: typing a service's name puts the service first (${kind} ${href})`);

	// a runbook named after its alert: the alert's name, typed exactly,
	// puts the runbook first
	await page.fill('#cairn-q', 'LedgerDriftHigh');
	// the hits of the last query stay until the new ones are in: wait for
	// the list to answer this one (its first hit changes), then read it
	await page.waitForFunction(() => {
		const h = document.querySelector('.search-pop .hit');
		return h && !/services\/ledger\/(index\.html)?$/.test(h.getAttribute('href') || '');
	}, null, { timeout: 15000 }).catch(() => {});
	const alertHit = page.locator('.search-pop .hit').first();
	const alertHref = await alertHit.getAttribute('href').catch(() => null);
	check(alertHref && /runbooks\/ledgerdrifthigh\//.test(alertHref),
	      `${scheme}: typing an alert's name puts the runbook named after it first (${alertHref})`);

	// an alert's name pasted (in any case) and Enter: its runbook (found
	// by the rule's runbook_url, named otherwise), then the alert's page
	await page.fill('#cairn-q', 'ledgerreplicalaghigh');
	await page.waitForFunction(() => {
		const h = document.querySelector('.search-pop .hit');
		return h && /runbooks\/replica-lag\//.test(h.getAttribute('href') || '');
	}, null, { timeout: 15000 }).catch(() => {});
	const alertHits = await page.locator('.search-pop .hit').evaluateAll((l) => l.map((h) => h.getAttribute('href')));
	check(alertHits.length > 1 && /alerts\/ledgerreplicalaghigh\//.test(alertHits[1]),
	      `${scheme}: an alert's name lists its runbook, then the alert (${alertHits.slice(0, 2).join(' ')})`);
	await Promise.all([page.waitForNavigation({ timeout: 15000 }).catch(() => {}), page.keyboard.press('Enter')]);
	check(/runbooks\/replica-lag\//.test(page.url()), `${scheme}: a pasted alert name and Enter reach its runbook (${page.url()})`);
	check(await page.locator('.doc-alerts a[href*="alerts/ledgerreplicalaghigh/"]').count() === 1,
	      `${scheme}: the runbook names the alert it serves`);

	// a name longer than a word (38 letters), pasted in lower case: its
	// runbook first, and Enter opens it
	await page.fill('#cairn-q', 'ledgerreplicationslotretentionexceeded');
	await page.waitForFunction(() => {
		const h = document.querySelector('.search-pop .hit');
		return h && /runbooks\/replica-lag\//.test(h.getAttribute('href') || '');
	}, null, { timeout: 15000 }).catch(() => {});
	const longHref = await page.locator('.search-pop .hit').first().getAttribute('href').catch(() => null);
	check(longHref && /runbooks\/replica-lag\//.test(longHref),
	      `${scheme}: a 38-letter alert name in lower case puts its runbook first (${longHref})`);
	await Promise.all([page.waitForNavigation({ timeout: 15000 }).catch(() => {}), page.keyboard.press('Enter')]);
	check(/runbooks\/replica-lag\//.test(page.url()), `${scheme}: Enter opens the runbook of a long alert name (${page.url()})`);

	// the alerts page filters in the page
	await page.goto(root + 'alerts/' + index);
	await page.fill('input[data-filter="cairn-alerts-list"]', 'refunds');
	const shown = await page.locator('#cairn-alerts-list tbody tr:visible').count();
	check(shown === 1, `${scheme}: the alerts filter shows the one matching alert (${shown})`);
	await page.goto(root + 'services/' + index);

	// an error message quoted in a runbook reaches it with the keyboard
	await page.fill('#cairn-q', '');
	await page.type('#cairn-q', 'psp: authorise: provider=psp-a status=503 upstream unavailable', { delay: 5 });
	await page.locator('.search-pop .hit').first().waitFor({ timeout: 15000 }).catch(() => {});
	await page.keyboard.press('ArrowDown');
	await Promise.all([page.waitForNavigation({ timeout: 15000 }).catch(() => {}), page.keyboard.press('Enter')]);
	check(/runbooks\/psp-outage\//.test(page.url()), `${scheme}: a pasted error message reaches its runbook with arrow and Enter (${page.url()})`);

	// a shareable results page, with kind filters
	await page.goto(root + 'search/' + index + '?q=refund');
	await page.locator('#cairn-search-results li').first().waitFor({ timeout: 15000 }).catch(() => {});
	const titles = await page.locator('#cairn-search-results li').allTextContents();
	check(titles.some((t) => t.includes('POST /payments/{id}/refunds')), `${scheme}: search/?q=refund lists POST /payments/{id}/refunds`);
	// a contract's interaction (its description) finds the contract, on
	// the API page's consumers section
	await page.goto(root + 'search/' + index + '?q=' + encodeURIComponent('confirmation page reads a payment'));
	const contract = page.locator('#cairn-search-results li', { hasText: 'checkout-web → payments-api' }).first();
	await contract.waitFor({ timeout: 15000 }).catch(() => {});
	const chref = await contract.locator('a').first().getAttribute('href').catch(() => null);
	check(chref && /apis\/payments-api\/(index\.html)?#consumers$/.test(chref),
	      `${scheme}: an interaction's description finds its contract at the API's consumers (${chref})`);
	if (chref) {
		await Promise.all([page.waitForNavigation({ timeout: 15000 }).catch(() => {}), contract.locator('a').first().click()]);
		check(await page.locator('#consumers .contract', { hasText: 'checkout-web' }).first().isVisible().catch(() => false),
		      `${scheme}: which lists the contract (${page.url()})`);
		await page.goto(root + 'search/' + index + '?q=refund');
		await page.locator('#cairn-search-results li').first().waitFor({ timeout: 15000 }).catch(() => {});
	}
	const kinds = await page.locator('#cairn-search-kinds a').count();
	check(kinds > 1, `${scheme}: the results page offers kind filters (${kinds})`);
	const unversioned = files.filter((f) => !f[1]).map((f) => f[0]);
	check(files.length > 0 && unversioned.length === 0,
	      `${scheme}: ${files.length} index files asked for, each under its version (${unversioned.slice(0, 3).join(' ')})`);
	check(errors.length === 0, `${scheme}: no script error (${errors.join('; ')})`);
	await page.close();
}
await browser.close();
served.server.close();
done();
