// The browser's search engine (themes/default/static/js/search-core.js) run
// by Node against a real index, without a browser: `node --test tests/browser/`.
// It builds the `kinds` fixture with gongkai, then checks the engine against a
// full scan of the indexed text and against the Rust engine (examples/search_query.rs),
// which must rank identically. Only node:test and node:assert.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cargo = (args) => execFileSync('cargo', ['run', '--quiet', ...args], {
  cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
});
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-search-'));
const out = join(tmp, 'public');
cargo(['--', 'build', '--root', join(repo, 'tests/sites/kinds'), '--output', out]);
// The engine as a site ships it (its comment lines dropped by the build),
// imported from its text: a `.js` file outside a "type": "module" package
// is an ES module only for Node versions that detect it; the browser
// needs `.js`.
const core = readFileSync(join(out, 'js/search-core.js'), 'utf8');
assert.ok(!core.includes('\n//'), 'the shipped engine has no comment lines');
const {
  openIndex, search, loadRows, highlight, snippet, bestWindow, shardOf, foldChar, foldText, foldMap, isUnit, VERIFY, parseQuery, holds,
} = await import(`data:text/javascript,${encodeURIComponent(core)}`);
let index;
let rows;

// The files of the index built into `dir`, as the browser would fetch
// them from a server that honours `Range` (nginx, Apache, IIS, `gongkai
// serve`): the bytes asked for.
const loaderOf = (dir) => async (rel, range) => {
  try {
    const bytes = new Uint8Array(readFileSync(join(dir, 'search', rel)));
    return range ? bytes.subarray(range[0], range[1]) : bytes;
  } catch { return null; }
};
// The same from a server that ignores `Range` (Python's http.server): the
// whole file, whatever was asked.
const wholeLoaderOf = (dir) => async (rel) => {
  try { return new Uint8Array(readFileSync(join(dir, 'search', rel))); } catch { return null; }
};
let load;
// The generated site (common bigrams, grams): its output, index and rows.
let genOut;
let gen;
let genRows;
const norm = (text) => foldText(Array.from(text), index.fold).join('');
const genNorm = (text) => foldText(Array.from(text), gen.fold).join('');
const rust = (query, ...flags) => JSON.parse(cargo(['--example', 'search_query', '--', out, query, ...flags]));
// A seeded random integer below n, so that a failure repeats: the high bits
// of a linear congruential generator modulo 2^32 (its low bits repeat with
// short periods).
const seeded = (seed) => (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return Math.floor((seed / 4294967296) * n);
};
const toObject = (map) => Object.fromEntries([...map].map(([k, v]) => [String(k), v]));

before(async () => {
  // A generated site large enough for common bigrams (in 64 pages or more).
  cargo(['--example', 'gen_corpus', '--', '--pages', '400', '--out', join(tmp, 'gen')]);
  genOut = join(tmp, 'gen-public');
  cargo(['--', 'build', '--root', join(tmp, 'gen'), '--output', genOut]);
  load = loaderOf(out);
  index = await openIndex(load);
  rows = await loadRows(index, [...Array(index.meta.docs).keys()]);
  gen = await openIndex(loaderOf(genOut));
  genRows = await loadRows(gen, [...Array(gen.meta.docs).keys()]);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

// Documents whose indexed text (title, then unit, fields and body) contains the phrase.
const scan = (phrase) => rows
  .filter((r) => norm(r.title).includes(phrase) || norm(r.text).includes(phrase))
  .map((r) => r.id).sort((a, b) => a - b);

test('hashing matches the Rust index (FNV-1a)', () => {
  assert.equal(shardOf('a', 1000), 0xe40c292c % 1000);
});

test('a phrase of three or more characters matches only the phrase', async () => {
  for (const q of ['卫生院', '镇卫生院', '人大代表', '代表履职']) {
    const res = await search(index, q);
    const found = res.hits.map((h) => h.doc).sort((a, b) => a - b);
    assert.deepEqual(found, scan(q), q);
  }
  // 卫 and 院 both occur, far apart: a query of scattered characters finds nothing.
  assert.equal((await search(index, '卫院')).hits.length, scan('卫院').length);
});

test('phrases fold as a whole, as normalize.rs fold_text does', () => {
  const fold = foldMap('轉转乾干淨净', [['乾坤', '乾坤'], ['乾坤大挪移', '乾坤大挪移']]);
  assert.equal(foldText(Array.from('旋轉乾坤，乾淨'), fold).join(''), '旋转乾坤,干净'); // full-width comma folds to ASCII
  assert.equal(foldText(Array.from('乾坤大挪移乾'), fold).join(''), '乾坤大挪移干');
  assert.equal(foldText(Array.from('乾淨'), foldMap('乾干淨净')).join(''), '干净');
});

test('Traditional and full-width queries find Simplified text', async () => {
  const simplified = await search(index, '卫生院');
  assert.ok(simplified.hits.length > 0);
  assert.deepEqual((await search(index, '衛生院')).hits, simplified.hits);
  assert.deepEqual((await search(index, '２０２５年')).hits, (await search(index, '2025年')).hits);
  // A compatibility ideograph (U+F967) is its canonical form, 不.
  const bu = await search(index, '不');
  assert.ok(bu.hits.length > 0);
  assert.deepEqual((await search(index, '\uf967')).hits, bu.hits);
});

test('ranking and facets equal the Rust engine', async () => {
  const queries = [['卫生院'], ['衛生院', '--kind', 'inspection'], ['代表'], ['代表', '--year', '2025'],
    ['2025年 工作'], ['履职'], ['镇'], ['没有这个词'], ['人大代表'], ['人大代表', '--kind', 'inspection'],
    ['镇卫生院'], ['代表履职'], ['镇人大代表'], ['卫生院 人大代表'],
    // Invisible characters in the query are skipped by both engines.
    ['卫\u200d生院'], ['人大\u00ad代表'], ['卫生\u0007院'],
    // Digits, letters and symbols pair with Chinese (index format 8).
    ['25年'], ['2025年'], ['5年 工作'], ['%'], ['第1'], ['a'], ['1.5'], ['2025.'], ['.5']];
  for (const [q, ...flags] of queries) {
    const kindName = flags[0] === '--kind' ? flags[1] : null;
    const kind = kindName ? index.meta.kinds.findIndex(([n]) => n === kindName) : null;
    const year = flags[0] === '--year' ? Number(flags[1]) : null;
    const js = await search(index, q, { kind, year });
    const expected = rust(q, ...flags);
    assert.deepEqual(js.hits.map((h) => [h.doc, h.score]), expected.hits, q);
    assert.deepEqual(toObject(js.kinds), expected.kinds, `kinds of ${q}`);
    assert.deepEqual(toObject(js.years), expected.years, `years of ${q}`);
    assert.deepEqual(js.files, expected.files, `shards of ${q}`);
    assert.deepEqual(js.chunks, expected.chunks, `text checked for ${q}`);
    assert.equal(js.partial, expected.partial, `partial ${q}`);
  }
});

test('a query downloads only its shards, the text it checks and the metadata', async () => {
  // Each request: [file, range]. A blob is a range of its pack.
  const fetched = [];
  const counting = await openIndex(async (rel, range) => { fetched.push([rel, range]); return load(rel, range); });
  const rangeOf = (f) => { const at = counting.where.get(f); return `${at.pack} ${at.start}-${at.end}`; };
  const asked = (dir) => fetched.filter(([rel]) => rel.startsWith(`pack/${dir}`))
    .map(([rel, range]) => `${rel} ${range[0]}-${range[1]}`).sort();
  // A phrase in few pages: its bigrams' lists, then those pages' text,
  // which the results show anyway; no positions.
  const res = await search(counting, '卫生院');
  assert.ok(res.files.length > 0 && res.files.every((f) => f.startsWith('s/')), res.files.join(' '));
  assert.deepEqual(asked('s'), res.files.map(rangeOf).sort());
  assert.deepEqual([...asked('p'), ...asked('g'), ...asked('q')], []);
  assert.ok(res.hits.length > 0 && res.hits.length <= VERIFY, `${res.hits.length} hits`);
  assert.ok(res.chunks.length > 0, 'few candidates are checked in their text');
  // The chunks checked, in as many requests or fewer (those that touch are one).
  const chunkRanges = asked('c');
  assert.ok(chunkRanges.length > 0 && chunkRanges.length <= res.chunks.length, chunkRanges.join(' '));
  const covered = (f) => {
    const at = counting.where.get(f);
    return fetched.some(([rel, r]) => rel === at.pack && r[0] <= at.start && at.end <= r[1]);
  };
  assert.ok(res.chunks.every(covered), res.chunks.join(' '));
  assert.ok(counting.ranges, 'the server honoured every range');
  // Two characters are one bigram: its document list only, no positions.
  fetched.length = 0;
  const two = await search(await openIndex(async (rel, range) => { fetched.push([rel, range]); return load(rel, range); }), '代表');
  assert.deepEqual(two.files.length, 1);
  assert.deepEqual(asked('s'), two.files.map(rangeOf));
  assert.deepEqual(fetched.length, 2, 'the meta and one range');
});

test('a server that ignores Range: the same results, each pack downloaded once', async () => {
  const fetched = [];
  const whole = wholeLoaderOf(genOut);
  const fallback = await openIndex(async (rel, range) => { fetched.push([rel, range]); return whole(rel); });
  const ranged = await openIndex(loaderOf(genOut));
  const random = seeded(5);
  const queries = ['人大代表', '代表', '镇卫生院', '整改落实', '2025年', '人民代表大会'];
  for (let i = 0; i < 10; i++) {
    const text = genRows[random(genRows.length)].body;
    queries.push(Array.from(text).slice(random(Math.max(1, text.length - 8))).slice(0, 1 + random(6)).join(''));
  }
  for (const q of queries) {
    const a = await search(fallback, q);
    const b = await search(ranged, q);
    assert.deepEqual(a.hits, b.hits, q);
    assert.deepEqual(a.files, b.files, q);
    assert.deepEqual(a.chunks, b.chunks, q);
    const ids = b.hits.slice(0, 10).map((h) => h.doc);
    assert.deepEqual(await loadRows(fallback, ids), await loadRows(ranged, ids), q);
  }
  assert.equal(fallback.ranges, false, 'the engine noticed the whole files');
  assert.equal(ranged.ranges, true);
  // After the first whole answer, packs are asked for whole, each once.
  const first = fetched.findIndex(([rel, range]) => range);
  const later = fetched.slice(first + 1).filter(([rel]) => rel.startsWith('pack/'));
  assert.ok(later.length > 0);
  assert.ok(later.every(([, range]) => !range), 'no more range requests');
  const packs = later.map(([rel]) => rel);
  assert.equal(new Set(packs).size, packs.length, `a pack fetched twice: ${packs.sort().join(' ')}`);
});

test('phrases of common bigrams are read as grams, as the Rust engine does', async () => {
  let grams = 0;
  let chains = 0;
  for (const q of ['人大代表', '整改落实', '人大常委会', '代表大会', '常委会', '卫生院', '医保报销',
    '人民代表大会', '代表联络站']) {
    for (const flags of [[], ['--year', '2025']]) {
      const year = flags.length ? 2025 : null;
      const js = await search(gen, q, { year });
      const expected = JSON.parse(cargo(['--example', 'search_query', '--', genOut, q, ...flags]));
      assert.deepEqual(js.hits.map((h) => [h.doc, h.score]), expected.hits, q);
      assert.deepEqual(toObject(js.kinds), expected.kinds, `kinds of ${q}`);
      assert.deepEqual(toObject(js.years), expected.years, `years of ${q}`);
      assert.deepEqual(js.files, expected.files, `files of ${q}`);
      if (js.files.some((f) => f.startsWith('q/'))) {
        // A chain of grams (and bigrams): their lists and positions.
        chains++;
      } else if (js.files.some((f) => f.startsWith('g/'))) {
        // One gram is the phrase: its list alone, no bigram's list nor positions.
        grams++;
        assert.equal(js.files.length, 1, `a gram is read alone: ${q} ${js.files}`);
      }
    }
    // Every page with the phrase, and no other.
    const found = (await search(gen, q)).hits.map((h) => h.doc).sort((a, b) => a - b);
    const scanned = genRows.filter((r) => genNorm(r.title).includes(q) || genNorm(r.text).includes(q))
      .map((r) => r.id);
    assert.deepEqual(found, scanned, q);
  }
  assert.ok(grams > 0, 'some phrases are grams');
  assert.ok(chains > 0, 'some longer phrases are chains of grams');
});

test('long queries plan alike in both engines, within the cap or partial', async () => {
  // Pasted runs of a page's text (punctuation included: many terms) and
  // long phrases, with the usual cap and with none past the first round.
  const random = seeded(77);
  let partial = 0;
  let checked = 0;
  for (let round = 0; round < 12; round++) {
    const text = genRows[random(genRows.length)].body;
    const start = random(Math.max(1, text.length - 60));
    const q = Array.from(text).slice(start, start + 20 + random(40)).join('').trim();
    if (!q) continue;
    for (const cap of [null, 0]) {
      const flags = cap === null ? [] : ['--cap', String(cap)];
      const js = await search(gen, q, {}, cap === null ? {} : { cap });
      const expected = JSON.parse(cargo(['--example', 'search_query', '--', genOut, q, ...flags]));
      assert.deepEqual(js.hits.map((h) => [h.doc, h.score]), expected.hits, q);
      assert.deepEqual(js.files, expected.files, `files of ${q}`);
      assert.deepEqual(js.chunks, expected.chunks, `text checked for ${q}`);
      assert.equal(js.partial, expected.partial, `partial ${q}`);
      if (js.partial) partial++;
      if (js.chunks.length) checked++;
      // Never more than the cap and one round past it.
      const bytes = js.files.reduce((sum, f) => sum + gen.sizes.get(f), 0);
      if (cap === null) assert.ok(bytes < 192 * 1024 + 2 * 64 * 1024, `${q}: ${bytes} bytes`);
      // Every page that holds the query is among the hits, partial or not.
      const terms = parseQuery(q, gen.fold);
      const holding = genRows.filter((r) => holds(r, terms, gen.fold)).map((r) => r.id).sort((a, b) => a - b);
      const found = js.hits.map((h) => h.doc).sort((a, b) => a - b);
      if (js.partial) assert.ok(holding.every((d) => found.includes(d)), q);
      else assert.deepEqual(found, holding, q);
    }
  }
  assert.ok(partial > 0, 'some long queries could not be checked within no cap');
  assert.ok(checked > 0, 'some long queries were checked in text');
});

test('any run of units cut from a page finds exactly the pages that hold it', async () => {
  const texts = genRows.map((r) => [genNorm(r.title), genNorm(r.text)]);
  // Seeded, so a failure repeats: 300 queries of 1 to 8 units (Chinese,
  // digits, letters, symbols), each cut at a random place of a random page
  // and stopped at punctuation.
  const random = seeded(2026);
  const lengths = new Map();
  let mixed = 0;
  for (let round = 0; round < 300; round++) {
    const chars = Array.from(texts[random(texts.length)][1]);
    let at = random(chars.length);
    while (at < chars.length && !isUnit(chars[at])) at++;
    const want = 1 + random(8);
    const cut = [];
    for (let i = at; i < chars.length && cut.length < want && isUnit(chars[i]); i++) cut.push(chars[i]);
    if (!cut.length) continue;
    const q = cut.join('');
    const found = (await search(gen, q)).hits.map((h) => h.doc).sort((a, b) => a - b);
    const holding = genRows.filter((r) => texts[r.id].some((t) => t.includes(q))).map((r) => r.id);
    assert.deepEqual(found, holding, q);
    lengths.set(cut.length, (lengths.get(cut.length) || 0) + 1);
    if (cut.some((c) => /[0-9a-z%]/.test(c)) && cut.some((c) => !/[0-9a-z%]/.test(c))) mixed++;
  }
  assert.ok(mixed > 0, 'some queries mix digits or letters with Chinese');
  // Single characters, bigrams, grams and chains were all asked.
  for (const n of [1, 2, 3, 4, 5, 6]) assert.ok(lengths.get(n) > 0, `queries of ${n} characters: ${[...lengths]}`);
});

test('filters narrow results and facets count the other filter only', async () => {
  const all = await search(index, '代表');
  const inspection = index.meta.kinds.findIndex(([n]) => n === 'inspection');
  const only = await search(index, '代表', { kind: inspection });
  assert.equal(only.hits.length, all.kinds.get(inspection));
  assert.ok(only.hits.every((h) => index.docs[h.doc] === inspection));
  assert.deepEqual(only.kinds, all.kinds);
});

test('snippets mark the matched text of the original', async () => {
  const res = await search(index, '衛生院');
  const [row] = await loadRows(index, [res.hits[0].doc]);
  const pieces = highlight(row.text, res.terms, index.fold, 60);
  const marked = pieces.filter((p) => p.mark).map((p) => p.text);
  assert.ok(marked.length > 0);
  assert.ok(marked.every((m) => m.includes('卫生院')), marked.join('|'));
  assert.ok(pieces.map((p) => p.text).join('').length <= 62);
  const none = highlight('没有匹配的文字', res.terms, index.fold, 0);
  assert.deepEqual(none, [{ text: '没有匹配的文字', mark: false }]);
});

const shown = (pieces) => pieces.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

test('a snippet is the window with the most distinct terms, then the most matches', () => {
  const fold = new Map();
  const terms = [{ text: '卫生院' }, { text: '整改' }];
  const far = '。'.repeat(40);
  const text = `卫生院${far}整改落实卫生院${far}卫生院`;
  // The first match alone loses to the window holding both terms.
  assert.equal(shown(highlight(text, terms, fold, 12)), '…。。。[整改]落实[卫生院]。。…');
  // One term: the earliest of the windows with as many matches.
  assert.equal(shown(highlight(text, terms.slice(0, 1), fold, 12)), '[卫生院]。。。。。。。。。…');
  // Two matches in one window beat one.
  const twice = `卫生院${far}卫生院和卫生院${far}`;
  assert.equal(shown(highlight(twice, terms, fold, 12)), '…。。。[卫生院]和[卫生院]。。…');
  // A match of a longer term starting at the same place as a shorter one.
  const nested = [{ text: '卫生' }, { text: '卫生院门诊' }];
  assert.equal(shown(highlight(`${far}卫生院门诊${far}`, nested, fold, 8)), '…。。[卫生院门诊]。…');
});

test('the best window is the one a full count of every anchor picks', () => {
  // Seeded, so a failure repeats: random matches of up to 4 terms.
  const random = seeded(12345);
  for (let round = 0; round < 500; round++) {
    const length = 20 + random(300);
    const width = 5 + random(60);
    const matches = [];
    for (let i = 0; i < length; i++) {
      for (let t = 0; t < 4; t++) {
        const len = 1 + t;
        if (random(12) === 0 && i + len <= length) matches.push([i, i + len, t]);
      }
    }
    let [want, wantScore] = [0, [-1, -1]];
    for (const m of matches) {
      const start = Math.max(0, Math.min(m[0] - Math.floor(width / 4), length - width));
      const inside = matches.filter(([s, e]) => s >= start && e <= start + width);
      const score = [new Set(inside.map((x) => x[2])).size, inside.length];
      if (score[0] > wantScore[0] || (score[0] === wantScore[0] && score[1] > wantScore[1])) {
        [want, wantScore] = [start, score];
      }
    }
    assert.equal(bestWindow(matches, length, width), want, JSON.stringify({ length, width, matches }));
  }
});

test('a snippet comes from the body when it matches, else from the lead', async () => {
  for (const [q, from] of [['卫生院', 'body'], ['王明华', 'lead'], ['夜间值班', 'lead']]) {
    const res = await search(index, q);
    const rowsOf = await loadRows(index, res.hits.map((h) => h.doc));
    const row = rowsOf.find((r) => r.url.includes('2025-weishengyuan-shicha'));
    assert.ok(row, `${q}: the inspection is found`);
    assert.ok(row.lead.includes('陈建国') && !row.body.includes('陈建国'), 'delegates are in the lead');
    const pieces = snippet(row, res.terms, index.fold, 30);
    const text = pieces.map((p) => p.text).join('').replaceAll('…', '');
    assert.ok(row[from].includes(text), `${q}: "${text}" is from the ${from}`);
    assert.ok(pieces.some((p) => p.mark && norm(p.text).includes(q)), `${q}: ${shown(pieces)}`);
  }
  // No match anywhere (a title match): the start of the body.
  const row = { lead: '镇卫生院　陈建国', body: '6月10日，镇人大主席团组织代表视察。' };
  assert.equal(shown(snippet(row, [{ text: '医疗' }], new Map(), 8)), '6月10日，镇人…');
});
