// Search on a real text corpus: is each query's result set exact, and what
// does a cold query cost in a browser?
//
//   node benches/real-search.mjs OUT QUERIES_FILE [--json FILE] [--runs N] [--no-browser] [--no-ranges]
//
// OUT: a site built by gongkai (benches/real-corpus.py writes one from a
// real corpus). QUERIES_FILE: one query a line; a comment line `# name:
// what` starts a group; `衛生院 = 卫生院` pairs a Traditional query with its
// Simplified form (for T→S recall).
//
// 1. Exactness, in Node: OUT's own search-core.js opens OUT's index from disk
//    and runs each query with search(). The reference: a document matches
//    iff every whitespace-separated term of the query, without invisible
//    characters and folded by the engine's foldText (the index meta's fold and
//    phrases), is a substring of the document's text (title, lead and body
//    of its row, from loadRows) folded the same way. T→S recall: the share
//    of the Simplified form's reference documents its Traditional query finds.
// 2. Chromium (/usr/bin/chromium or CHROMIUM; playwright-core from
//    tests/browser: `npm ci --prefix tests/browser --ignore-scripts`): per
//    query and run, a fresh context (empty cache) opens /search/?q=… from a
//    loopback static server and waits for the first result or the "no
//    results" message. Every response is counted: index (search/…) and
//    engine (search.js, search-core.js) as "query", the page, CSS and icons
//    apart. Bytes are as transferred (body + headers). Time: performance.now()
//    in the page (from navigation start) when the results are first shown,
//    median of N runs (default 3). The server answers a single `Range` with
//    206, as nginx does; with --no-ranges it ignores `Range` and sends whole
//    files, as Python's http.server does (the engine then reads whole packs).
//
// Uses only the engine's exported API (openIndex, search, loadRows,
// foldText, foldMap); the meta's version is read only to print it.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

function parseArgs(argv) {
  const opts = { runs: 3, browser: true, json: null, ranges: true, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') opts.json = argv[++i];
    else if (argv[i] === '--no-ranges') opts.ranges = false;
    else if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else if (argv[i] === '--no-browser') opts.browser = false;
    else opts.rest.push(argv[i]);
  }
  if (opts.rest.length !== 2) {
    console.error('usage: node benches/real-search.mjs OUT QUERIES_FILE [--json FILE] [--runs N] [--no-browser] [--no-ranges]');
    process.exit(2);
  }
  [opts.out, opts.queries] = opts.rest;
  return opts;
}

// [{group, query, simplified?}] from the queries file.
async function readQueries(file) {
  let group = '';
  const out = [];
  for (const raw of (await fs.readFile(file, 'utf8')).split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) { group = line.replace(/^#+/, '').split(':')[0].trim(); continue; }
    const [query, simplified] = line.split(/\s+=\s+/);
    out.push({ group, query, simplified });
  }
  return out;
}

// The first file named `name` under `dir`.
async function findFile(dir, name) {
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory()) {
      const found = await findFile(p, name);
      if (found) return found;
    }
  }
  return null;
}

// The site's base path and index folder (relative to OUT), from its search page.
async function sitePaths(out) {
  const html = await fs.readFile(path.join(out, 'search/index.html'), 'utf8');
  const base = (html.match(/data-base="([^"]*)"/) || [])[1] || '/';
  const index = (html.match(/data-index="([^"]*)"/) || [])[1] || `${base}search/`;
  return { base, indexDir: index.startsWith(base) ? index.slice(base.length) : 'search/' };
}

async function openEngine(out, indexDir) {
  const core = await findFile(out, 'search-core.js');
  const engine = await import(pathToFileURL(core).href);
  const load = (rel, range) => fs.readFile(path.join(out, indexDir, rel))
    .then((b) => new Uint8Array(range ? b.subarray(range[0], range[1]) : b), () => null);
  const index = await engine.openIndex(load);
  return { engine, index, core };
}

// Every document's text, folded as the engine folds a query.
async function foldedDocs(engine, index) {
  const ids = Array.from({ length: index.meta.docs }, (_, i) => i);
  const rows = await engine.loadRows(index, ids);
  return rows.map((r) => fold(engine, index, [r.title, r.lead, r.body].join('\n')));
}

function fold(engine, index, text) {
  return engine.foldText(Array.from(text.replace(INVISIBLE, (c) => (c === '\n' ? c : ''))), index.fold).join('');
}

// Documents whose folded text holds every term of the query.
function reference(engine, index, docs, query) {
  const terms = [...new Set(query.split(/\s+/).filter(Boolean).map((t) => fold(engine, index, t)))];
  const out = new Set();
  docs.forEach((text, id) => { if (terms.every((t) => text.includes(t))) out.add(id); });
  return out;
}

async function exactness(engine, index, docs, queries) {
  for (const q of queries) {
    const result = await engine.search(index, q.query);
    const hits = new Set(result.hits.map((h) => h.doc));
    const ref = reference(engine, index, docs, q.query);
    q.terms = result.terms.length; // as the engine parsed the query
    q.hits = hits.size;
    q.ref = ref.size;
    q.missing = [...ref].filter((d) => !hits.has(d)).length;
    q.extra = [...hits].filter((d) => !ref.has(d)).length;
    q.exact = q.missing === 0 && q.extra === 0;
    if (q.simplified) {
      const simple = reference(engine, index, docs, q.simplified);
      q.simplifiedRef = simple.size;
      q.simplifiedFound = [...simple].filter((d) => hits.has(d)).length;
    }
  }
}

// A single byte range of a file of `len` bytes ([first, last]), as nginx
// reads `Range`: null for none or several (the whole file), 'past' when it
// starts past the end (416).
function byteRange(header, len) {
  const m = /^bytes=(\d*)-(\d*)$/.exec((header || '').trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return Number(m[2]) > 0 && len > 0 ? [Math.max(0, len - Number(m[2])), len - 1] : 'past';
  const first = Number(m[1]);
  const last = m[2] === '' ? len - 1 : Math.min(Number(m[2]), len - 1);
  if (first >= len) return 'past';
  return first <= last ? [first, last] : null;
}

// A loopback server of OUT under the site's base path, files as built;
// `Range` honoured unless `ranges` is false.
async function serve(out, base, ranges) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rel = pathname.startsWith(base) ? pathname.slice(base.length) : pathname.slice(1);
    const file = path.join(out, rel, pathname.endsWith('/') ? 'index.html' : '');
    try {
      const whole = await fs.readFile(file);
      const range = ranges ? byteRange(req.headers.range, whole.length) : null;
      if (range === 'past') {
        res.writeHead(416, { 'content-range': `bytes */${whole.length}` });
        res.end();
        return;
      }
      const body = range ? whole.subarray(range[0], range[1] + 1) : whole;
      res.writeHead(range ? 206 : 200, {
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...(range ? { 'content-range': `bytes ${range[0]}-${range[1]}/${whole.length}` } : {}),
        ...(ranges ? { 'accept-ranges': 'bytes' } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// Set before the page's scripts: the time the results (or "no results") are first shown.
function watchResults() {
  new MutationObserver((_, observer) => {
    const status = document.getElementById('search-status');
    const shown = document.querySelector('#search-results li')
      || (status && /没有|无法/.test(status.textContent));
    if (shown && window.shownAt === undefined) {
      window.shownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

// One cold query: {ms, query: {bytes, requests}, other: {bytes, requests}}.
async function coldQuery(browser, origin, base, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pending = [];
  const got = [];
  page.on('requestfinished', (req) => pending.push(req.sizes().then((s) => {
    got.push({ path: new URL(req.url()).pathname, bytes: s.responseBodySize + s.responseHeadersSize });
  })));
  await page.addInitScript(watchResults);
  await page.goto(`${origin}${base}search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => window.shownAt !== undefined, null, { timeout: 120000 });
  const ms = await page.evaluate(() => window.shownAt);
  await page.waitForTimeout(300);
  await Promise.all(pending);
  await context.close();
  const isQuery = (p) => (p.startsWith(`${base}search/`) && !/\/search\/(index\.html)?$/.test(p))
    || /\/js\/search(-core)?\.js$/.test(p);
  const total = (list) => ({ bytes: list.reduce((a, r) => a + r.bytes, 0), requests: list.length });
  return { ms, query: total(got.filter((r) => isQuery(r.path))), other: total(got.filter((r) => !isQuery(r.path))) };
}

async function browse(out, base, queries, runs, ranges) {
  const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../tests/browser/package.json'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const { server, origin } = await serve(out, base, ranges);
  try {
    for (const q of queries) {
      const measured = [];
      for (let i = 0; i < runs; i++) measured.push(await coldQuery(browser, origin, base, q.query));
      q.bytes = measured[0].query.bytes;
      q.requests = measured[0].query.requests;
      q.otherBytes = measured[0].other.bytes;
      q.otherRequests = measured[0].other.requests;
      q.ms = median(measured.map((m) => m.ms));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
  } finally {
    await browser.close();
    server.close();
  }
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const p90 = (xs) => { const s = sorted(xs); return s.length ? s[Math.ceil(0.9 * s.length) - 1] : NaN; };
const kib = (n) => (n / 1024).toFixed(1);

function summary(list) {
  const bytes = list.map((q) => q.bytes).filter((b) => b !== undefined);
  const pairs = list.filter((q) => q.simplified);
  const ref = pairs.reduce((a, q) => a + q.simplifiedRef, 0);
  return {
    queries: list.length,
    exact: list.filter((q) => q.exact).length,
    kib: bytes.length ? { median: +kib(median(bytes)), p90: +kib(p90(bytes)), max: +kib(Math.max(...bytes)) } : null,
    requests: bytes.length ? median(list.map((q) => q.requests)) : null,
    ms: bytes.length ? Math.round(median(list.map((q) => q.ms))) : null,
    tsRecall: ref ? +(pairs.reduce((a, q) => a + q.simplifiedFound, 0) / ref).toFixed(3) : null,
  };
}

function report(queries, summaries, info) {
  const lines = [
    `index format ${info.version}: ${info.docs} documents, ${info.files} files, ${info.bytes} bytes under search/; engine ${info.core}; server ${info.ranges ? 'honours' : 'ignores'} Range`,
    `load average ${info.load.join(' → ')} (start → end; times are noisy on a busy machine)`, '',
  ];
  lines.push('| group | query | terms | hits | reference | exact? | KiB | requests | ms |', '|---|---|---|---|---|---|---|---|---|');
  for (const q of queries) {
    const exact = q.exact ? 'yes' : `no: −${q.missing} +${q.extra}`;
    const shown = q.query.length > 40 ? `${q.query.slice(0, 38)}…(${Array.from(q.query).length})` : q.query;
    const cost = q.bytes === undefined ? '| | |' : `| ${kib(q.bytes)} | ${q.requests} | ${Math.round(q.ms)} |`;
    lines.push(`| ${q.group} | ${shown} | ${q.terms} | ${q.hits} | ${q.ref} | ${exact} ${cost}`);
  }
  lines.push('', '| group | exact | KiB median / p90 / max | requests median | ms median | T→S recall |', '|---|---|---|---|---|---|');
  for (const [group, s] of Object.entries(summaries)) {
    const k = s.kib ? `${s.kib.median} / ${s.kib.p90} / ${s.kib.max}` : '';
    lines.push(`| ${group} | ${s.exact} of ${s.queries} | ${k} | ${s.requests ?? ''} | ${s.ms ?? ''} | ${s.tsRecall ?? ''} |`);
  }
  const others = queries.filter((q) => q.otherBytes !== undefined);
  if (others.length) {
    lines.push('', `not counted above (search page, CSS, icons), median per query: ${kib(median(others.map((q) => q.otherBytes)))} KiB in ${median(others.map((q) => q.otherRequests))} requests`);
  }
  return lines.join('\n');
}

async function indexSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) { files++; bytes += (await fs.stat(path.join(e.parentPath ?? e.path, e.name))).size; }
  }
  return { files, bytes };
}

const opts = parseArgs(process.argv.slice(2));
const loadAtStart = os.loadavg()[0].toFixed(1);
const queries = await readQueries(opts.queries);
const { base, indexDir } = await sitePaths(opts.out);
const { engine, index, core } = await openEngine(opts.out, indexDir);
await exactness(engine, index, await foldedDocs(engine, index), queries);
if (opts.browser) await browse(opts.out, base, queries, opts.runs, opts.ranges);
const summaries = {};
for (const group of new Set(queries.map((q) => q.group))) summaries[group] = summary(queries.filter((q) => q.group === group));
summaries.overall = summary(queries);
const info = {
  version: index.meta.version,
  docs: index.meta.docs,
  core: path.relative(opts.out, core),
  load: [loadAtStart, os.loadavg()[0].toFixed(1)],
  ranges: opts.ranges,
  ...(await indexSize(path.join(opts.out, indexDir))),
};
console.log(report(queries, summaries, info));
if (opts.json) await fs.writeFile(opts.json, `${JSON.stringify({ info, summaries, queries }, null, 1)}\n`);
