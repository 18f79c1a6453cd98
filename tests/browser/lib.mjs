// What the browser tests share: Debian's Chromium launched headless through
// playwright-core, a static server for a built site on 127.0.0.1 (so that
// a test opens it over http as well as from file://), and the tally every
// test prints last ("N passed, N failed", exit status 1 on a failure).

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

// Headless Chromium: $CHROMIUM, else /usr/bin/chromium; no network of its own.
export function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
	'.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.xml': 'application/xml' };

// Serves the folder site (an absolute path) on a free port of 127.0.0.1, a
// folder's address as its index.html; 404 for anything outside it.  Returns
// { server, root }: root is the site's address, ending in '/'.
export async function serve(site) {
	const server = http.createServer((req, res) => {
		let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		if (p.endsWith('/')) p += 'index.html';
		const f = path.join(site, p);
		if (!f.startsWith(site) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
			res.writeHead(404); res.end(); return;
		}
		res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream' });
		fs.createReadStream(f).pipe(res);
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	return { server, root: `http://127.0.0.1:${server.address().port}/` };
}

// The two ways a reader opens the site: [scheme, root] for http (served by
// serve) and for file://, each root ending in '/'.
export function schemes(site, served) {
	return [['http', served.root], ['file', 'file://' + site + '/']];
}

// The tally: check(cond, message) prints "ok message" or "FAIL message";
// done() prints "N passed, N failed" and exits (1 when any failed).
export function tally() {
	let passed = 0, failed = 0;
	const t = {
		ok: (m) => { passed++; console.log('ok ' + m); },
		fail: (m) => { failed++; console.log('FAIL ' + m); },
		check: (cond, m) => (cond ? t.ok(m) : t.fail(m)),
		done: () => {
			console.log(`${passed} passed, ${failed} failed`);
			process.exit(failed ? 1 : 0);
		},
	};
	return t;
}
