// Bytes a browser downloads for a search, gongkai against Pagefind, measured
// in headless Chromium: both served from loopback by one static server
// (files as built, no compression added, a single `Range` answered 206 as
// nginx does, as a plain static host sends them),
// each request's transfer size taken from Chromium's network events.
//
//   node benches/query-bytes.mjs OUT PAGEFIND_OUT [QUERY …]
//
// OUT: a site built by gongkai (its /search/ page and index); PAGEFIND_OUT:
// Pagefind's output for the same HTML (`npx pagefind --site OUT
// --output-path PAGEFIND_OUT`). Default queries: 卫生 (2 characters) and
// 医保报销 (4). Needs playwright-core from tests/browser (`npm ci --prefix
// tests/browser --ignore-scripts`) and Chromium (CHROMIUM, default
// /usr/bin/chromium).
//
// gongkai: /search/?q=… loads, runs the query and shows the first 10
// results with snippets. Pagefind: a blank page imports pagefind.js, runs
// the query and loads the data (snippets) of the first 10 results, as its
// UI does. Reported per query: the index's bytes (gongkai: search/; Pagefind:
// its index, fragments and metadata) and the engine's (gongkai: search.js and
// search-core.js; Pagefind: pagefind.js, its worker and WebAssembly), each a
// fresh browser context (an empty cache).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');

const [out, pagefindOut, ...rest] = process.argv.slice(2);
if (!out || !pagefindOut) {
  console.error('usage: node benches/query-bytes.mjs OUT PAGEFIND_OUT [QUERY …]');
  process.exit(2);
}
const queries = rest.length ? rest : ['卫生', '医保报销'];

// The site's base path (e.g. /rd/qingxi/), from its search page.
const searchPage = await fs.readFile(path.join(out, 'search/index.html'), 'utf8');
const base = (searchPage.match(/data-base="([^"]*)"/) || [])[1] || '/';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const PF_PAGE = '<!doctype html><meta charset="utf-8"><title>pagefind</title><body></body>';

// A single byte range [first, last] of a file of `len` bytes, as nginx
// reads `Range` (null: the whole file; 'past': 416). As in real-search.mjs.
function byteRange(header, len) {
  const m = /^bytes=(\d*)-(\d*)$/.exec((header || '').trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return Number(m[2]) > 0 && len > 0 ? [Math.max(0, len - Number(m[2])), len - 1] : 'past';
  const first = Number(m[1]);
  const last = m[2] === '' ? len - 1 : Math.min(Number(m[2]), len - 1);
  if (first >= len) return 'past';
  return first <= last ? [first, last] : null;
}

// /pagefind/… from PAGEFIND_OUT, /pf.html a blank page, the rest from OUT.
const server = http.createServer(async (req, res) => {
  const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (pathname === '/pf.html') {
    res.writeHead(200, { 'content-type': TYPES['.html'] });
    return res.end(PF_PAGE);
  }
  const [root, rel] = pathname.startsWith('/pagefind/')
    ? [pagefindOut, pathname.slice('/pagefind/'.length)]
    : [out, pathname.startsWith(base) ? pathname.slice(base.length) : pathname.slice(1)];
  let file = path.join(root, rel);
  if (pathname.endsWith('/')) file = path.join(file, 'index.html');
  try {
    const whole = await fs.readFile(file);
    const range = byteRange(req.headers.range, whole.length);
    if (range === 'past') {
      res.writeHead(416, { 'content-range': `bytes */${whole.length}` });
      return res.end();
    }
    const body = range ? whole.subarray(range[0], range[1] + 1) : whole;
    res.writeHead(range ? 206 : 200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${range[0]}-${range[1]}/${whole.length}` } : {}),
    });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});

// Runs `act` in a fresh context; returns [{url, bytes}] of every response
// (the page's and its workers': Pagefind searches in a worker), bytes as
// transferred (body as sent plus headers).
async function measure(act) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const got = [];
  const pending = [];
  page.on('requestfinished', (req) => pending.push(req.sizes().then((s) => {
    got.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize });
  })));
  await act(page);
  await page.waitForTimeout(500);
  await Promise.all(pending);
  await context.close();
  return got;
}

const sum = (list, test) => list.filter((r) => test(new URL(r.url).pathname)).reduce((a, r) => a + r.bytes, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log('| query | gongkai index | gongkai engine | gongkai results | Pagefind index | Pagefind engine | Pagefind results |');
console.log('|---|---|---|---|---|---|---|');
for (const q of queries) {
  let ours = 0;
  const g = await measure(async (page) => {
    await page.goto(`${origin}${base}search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => {
      const s = document.getElementById('search-status').textContent;
      return document.querySelector('#search-results li') || /没有|无法/.test(s);
    }, null, { timeout: 120000 });
    ours = await page.locator('#search-results li').count();
  });
  let theirs = 0;
  const p = await measure(async (page) => {
    await page.goto(`${origin}/pf.html`);
    theirs = await page.evaluate(async (query) => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const search = await pagefind.search(query);
      await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return search.results.length;
    }, q);
  });
  const gIndex = sum(g, (u) => u.startsWith(`${base}search/`) && !u.endsWith('/search/'));
  const gEngine = sum(g, (u) => /\/js\/search(-core)?\.js$/.test(u));
  const pIndex = sum(p, (u) => u.startsWith('/pagefind/') && !/\.js$|wasm\./.test(u));
  const pEngine = sum(p, (u) => u.startsWith('/pagefind/') && /\.js$|wasm\./.test(u));
  console.log(`| ${q} | ${kb(gIndex)} | ${kb(gEngine)} | ${ours} shown | ${kb(pIndex)} | ${kb(pEngine)} | ${theirs} found |`);
  if (process.env.VERBOSE) {
    for (const r of [...g, ...p]) console.log(`  ${r.bytes}\t${r.url.replace(origin, '')}`);
  }
}
await browser.close();
server.close();
