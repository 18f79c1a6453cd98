// The API page's "Changes not yet in production" in headless Chromium
// (Debian's, driven by playwright-core), from file://: the section is
// shown, the removed operation is there with a visible "breaking" badge,
// a change to an operation the page has links to it, the consumers whose
// contracts the removal breaks are named under it (with how many of their
// interactions), and the service page's deploy section leads to the
// section.
// Usage: node api_changes.mjs SITE_DIR API SERVICE REMOVED [CONSUMER N]
//   (REMOVED: "GET /payments/{id}/refunds", the removed operation;
//   CONSUMER: a consumer it breaks, "checkout-web", through N interactions)
// Prints "N passed, N failed" last.
import path from 'node:path';
import { launch, tally } from './lib.mjs';

const [siteArg, api, service, removed, consumer, count] = process.argv.slice(2);
const site = path.resolve(siteArg);
const { check, done } = tally();

const browser = await launch();
try {
	const page = await browser.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`file://${site}/apis/${api}/index.html`);
	const section = page.locator('#cairn-changes');
	check(await section.isVisible(), 'the section is shown');
	check((await page.locator('#cairn-changes-title').innerText()).trim() === 'Changes not yet in production',
		'its title');
	const [method, p] = removed.split(' ');
	const item = section.locator('li.api-change', { hasText: p }).filter({ hasText: 'operation removed' });
	check(await item.count() === 1, `the removed operation ${removed} is listed once`);
	if (await item.count() === 1) {
		const badge = item.locator('.api-breaking');
		check(await badge.isVisible(), 'with a visible "breaking" badge');
		check((await badge.innerText()).trim().toLowerCase() === 'breaking', 'that says breaking');
		check((await item.locator('.api-method').innerText()).trim() === method, 'and its method');
		const bg = await badge.evaluate((e) => getComputedStyle(e).backgroundColor);
		check(bg !== 'rgba(0, 0, 0, 0)', `the badge stands out (background ${bg})`);
		if (consumer) {
			const who = item.locator('.api-change-consumer', { hasText: consumer });
			check(await who.count() === 1 && await who.isVisible(), `it names the consumer it breaks, ${consumer}`);
			const text = await who.innerText().catch(() => '');
			const want = `breaks ${consumer}: ${count} interaction${count === '1' ? '' : 's'}`;
			check(text.replace(/\s+/g, ' ').trim() === want, `"${want}" (${text.trim()})`);
			const href = await who.locator('a').getAttribute('href').catch(() => null);
			const to = href && new URL(href, page.url());
			check(to && /\/services\/[^/]+\/(index\.html)?$/.test(to.pathname),
				`the consumer links to its service page (${href})`);
		}
	}
	// a linked change goes to its operation on this page
	const links = section.locator('li.api-change a[href^="#"]');
	for (let i = 0; i < await links.count(); i++) {
		const id = decodeURIComponent((await links.nth(i).getAttribute('href')).slice(1));
		const n = await page.evaluate((x) => document.getElementById(x) ? 1 : 0, id);
		check(n === 1, `the link to #${id} has its operation on the page`);
	}
	// the service page's deploy section leads here
	await page.goto(`file://${site}/services/${service}/index.html`);
	const link = page.locator('#cairn-deployed .api-changes-link a');
	check(await link.count() >= 1, 'the service page links to the section');
	if (await link.count() >= 1) {
		// (over file:// the site's script points folder links at their
		// index.html; follow the link by its address)
		const href = await link.first().getAttribute('href');
		const to = new URL(href, page.url());
		const file = to.pathname.endsWith('/') ? to.pathname + 'index.html' : to.pathname;
		check(file.endsWith(`/apis/${api}/index.html`) && to.hash === '#cairn-changes',
			`the link leads to it (${href})`);
		await page.goto(`file://${file}#cairn-changes`);
		check(await page.locator('#cairn-changes:target').isVisible(), 'and the section is shown there');
	}
	check(errors.length === 0, `no script error (${errors.join('; ')})`);
} finally {
	await browser.close();
}
done();
