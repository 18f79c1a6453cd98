// The tech-debt tracker's filters in headless Chromium (Debian's, driven by
// playwright-core), from file://: the kind, team and state selects and the
// text filter show only the rows that match, each select is preset from
// its query parameter, and without JavaScript every row is there.
// Usage: node techdebt.mjs SITE_DIR   (a site whose tech-debt/ lists the
// items of tests/integration/test_slos_debt.sh).  Prints "N passed, N failed".
import path from 'node:path';
import { launch, tally } from './lib.mjs';

const site = path.resolve(process.argv[2]);
const url = 'file://' + site + '/tech-debt/index.html';
const { check, fail, done } = tally();
const same = (got, want, m) => check(JSON.stringify(got) === JSON.stringify(want),
	`${m}: ${JSON.stringify(got)}${JSON.stringify(got) === JSON.stringify(want) ? '' : ' want ' + JSON.stringify(want)}`);

const browser = await launch();
const visible = (page) => page.$$eval('#cairn-debt-list tr',
	(rows) => rows.filter((r) => !r.hidden && r.offsetParent !== null)
		.map((r) => r.querySelector('th').childNodes[0].textContent.trim()).sort());
try {
	const page = await (await browser.newContext()).newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(url);
	same(await visible(page), ['Hard-coded locales', 'Keys in memory', 'One client for all providers',
		'Retry loop swallows errors', 'Server-side rendering later'], 'every item at first');
	check(await page.isVisible('form.filters'), 'the filters are shown with JavaScript');

	await page.selectOption('select[name=kind]', 'reckless');
	same(await visible(page), ['Hard-coded locales', 'Keys in memory', 'Retry loop swallows errors'],
		'kind reckless');
	await page.selectOption('select[name=state]', 'flagged');
	same(await visible(page), ['Keys in memory'], 'reckless and flagged (the retry loop is young)');
	await page.selectOption('select[name=kind]', '');
	await page.selectOption('select[name=state]', 'open');
	await page.selectOption('select[name=team]', 'payments');
	same(await visible(page), ['Keys in memory', 'One client for all providers'], 'open items of team payments');
	await page.selectOption('select[name=team]', '');
	await page.selectOption('select[name=state]', 'done');
	same(await visible(page), ['Hard-coded locales'], 'paid items');
	await page.selectOption('select[name=state]', '');
	await page.fill('form.filters input[name=q]', 'retry');
	same(await visible(page), ['Retry loop swallows errors'], 'text filter');

	await page.goto(url + '?kind=prudent&team=payments');
	same(await visible(page), ['One client for all providers'], 'preset from ?kind=prudent&team=payments');
	same(await page.$eval('select[name=kind]', (s) => s.value), 'prudent', 'the kind select shows the preset');
	same(errors, [], 'no script errors');

	const nojs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await nojs.goto(url + '?kind=prudent');
	same((await visible(nojs)).length, 5, 'without JavaScript every row is shown');
	check(!(await nojs.isVisible('form.filters')), 'without JavaScript the filters are hidden');
} catch (e) {
	fail(e.message);
}
await browser.close();
done();
