// Visits every page of a site cairn built, in headless Chromium (Debian's,
// driven by playwright-core), over http on 127.0.0.1 and from file://, and
// checks that no page throws, logs an error (a CSP violation included),
// opens a dialog, or loads anything from outside the site.  With --hostile,
// also that no script of the fixture ran (it would call alert()).
// Usage: node pages.mjs SITE_DIR [--hostile] [--max N]
// Prints "N passed, N failed" last.
import fs from 'node:fs';
import path from 'node:path';
import { launch, schemes, serve, tally } from './lib.mjs';

const args = process.argv.slice(2);
const site = path.resolve(args[0]);
const hostile = args.includes('--hostile');
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : Infinity;
const { ok, fail, done } = tally();

// every index.html and 404.html of the site
function pages(dir, rel = '') {
	let out = [];
	for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
		const r = rel ? rel + '/' + e.name : e.name;
		if (e.isDirectory() && !e.name.startsWith('.')) out = out.concat(pages(dir, r));
		else if (e.name === 'index.html' || r === '404.html') out.push(r);
	}
	return out;
}

const served = await serve(site);
const browser = await launch();
const list = pages(site).slice(0, max);
for (const [scheme, root] of schemes(site, served)) {
	const context = await browser.newContext();
	const problems = [];
	let where = '';
	context.on('page', () => {});
	await context.route('**/*', (route) => {
		const u = route.request().url();
		if (!u.startsWith(root)) { problems.push(`${where}: request outside the site: ${u}`); return route.abort(); }
		return route.continue();
	});
	const page = await context.newPage();
	page.on('dialog', async (d) => { problems.push(`${where}: a dialog opened: ${d.message()}`); await d.dismiss(); });
	page.on('pageerror', (e) => problems.push(`${where}: script error: ${e.message}`));
	page.on('console', (m) => { if (m.type() === 'error') problems.push(`${where}: console error: ${m.text()}`); });
	await page.addInitScript(() => {
		// the fixture's scripts call alert(); count any call
		window.__cairnAlerts = 0;
		window.alert = () => { window.__cairnAlerts++; };
	});
	let visited = 0;
	for (const rel of list) {
		where = `${scheme} ${rel}`;
		const before = problems.length;
		try {
			await page.goto(root + rel, { waitUntil: 'load', timeout: 15000 });
			const alerts = await page.evaluate(() => window.__cairnAlerts);
			if (alerts) problems.push(`${where}: a script of the page called alert() ${alerts} time(s)`);
		} catch (e) {
			problems.push(`${where}: ${e.message.split('\n')[0]}`);
		}
		// 404.html over http at the root is fine; from file:// its links are relative to the root too
		visited++;
		if (problems.length > before && problems.length - before > 5) break;
	}
	const own = problems.filter((p) => !(rel404(p)));
	if (own.length) for (const p of own.slice(0, 30)) fail(p);
	else ok(`${scheme}: ${visited} pages, no script error, no dialog, nothing loaded from outside`);
	if (hostile) {
		// and the page that tried hardest
		const alerts = own.filter((p) => p.includes('alert') || p.includes('dialog')).length;
		if (alerts) fail(`${scheme}: a script of the fixture ran`); else ok(`${scheme}: no script of the fixture ran`);
	}
	await context.close();
}
function rel404(p) { return false; }
await browser.close();
served.server.close();
done();
