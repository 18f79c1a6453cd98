// Tests for themes/default/assets/deps.js, run with node from the
// repository's root: `node tests/unit/test_deps_js.mjs [BUILD]`.
//  1. every case of tests/fixtures/versions.txt (the table
//     tests/unit/test_version.c checks generator/version.c against);
//  2. when BUILD/tests/test_version exists, every pair of versions of that
//     table in every ecosystem is ordered as the C code orders it.
// Prints "N passed, N failed" last, as the other tests do.
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const deps = require('../../themes/default/assets/deps.js');
const build = process.argv[2] || 'build';
let passed = 0, failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${what}`); }
};

const word = s => { const m = /^ *([^ ]*) ?(.*)$/.exec(s); return [m[1], m[2]]; };
const caseHolds = line => {
  let [kind, rest] = word(line), eco, a, op;
  if (kind === 'query') {
    const arrow = rest.indexOf(' -> ');
    const [name, range] = rest.substring(arrow + 4).split('|').map(x => x.trim());
    const q = deps.parseQuery(rest.substring(0, arrow));
    return q.name === name && q.range === range;
  }
  [eco, rest] = word(rest);
  if (kind === 'bad') return deps.inRange(eco, '1.0.0', rest.trim()) === -1;
  [a, rest] = word(rest);
  if (kind === 'valid') return deps.valid(eco, a);
  if (kind === 'invalid') return !deps.valid(eco, a);
  if (kind === 'meets') return deps.specMeets(eco, a, rest.trim()) === 1;
  if (kind === 'misses') return deps.specMeets(eco, a, rest.trim()) === 0;
  if (kind === 'badspec') return deps.specMeets(eco, a, rest.trim()) === -1;
  if (kind === 'in') return deps.inRange(eco, a, rest.trim()) === 1;
  if (kind === 'out') return deps.inRange(eco, a, rest.trim()) === 0;
  if (kind === 'cmp') {
    [op, rest] = word(rest);
    const b = rest.trim(), c = deps.compare(eco, a, b), r = deps.compare(eco, b, a);
    return op === '<' ? c < 0 && r > 0 : op === '>' ? c > 0 && r < 0 : c === 0 && r === 0;
  }
  return false;
};

let n = 0;
for (const raw of readFileSync('tests/fixtures/versions.txt', 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  n++;
  check(caseHolds(line), `case: ${line}`);
}
check(n > 100, 'the table has its cases');

const bin = `${build}/tests/test_version`;
if (existsSync(bin)) {
  const out = execFileSync(bin, ['--pairs'], { maxBuffer: 1 << 28 }).toString();
  let pairs = 0, bad = 0;
  for (const l of out.split('\n')) {
    if (!l) continue;
    const [eco, a, b, c] = l.split(' ');
    pairs++;
    if (Math.sign(deps.compare(eco, a, b)) !== Number(c)) {
      if (bad++ < 10) console.log(`FAIL pair ${eco} ${a} ${b}: C says ${c}, JS ${deps.compare(eco, a, b)}`);
    }
  }
  check(bad === 0 && pairs > 1000, `C and JS order ${pairs} pairs alike (${bad} differ)`);
} else {
  console.log(`(no ${bin}: the C comparison of every pair is skipped)`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
