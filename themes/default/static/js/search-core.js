// gongkai search: the query engine, without the page (Node's tests import it).
// It mirrors src/search/query.rs step for step: same normalization, terms,
// phrase matching, BM25, rounding and order. Change both together.

// The ranges of is_cjk in src/text.rs (〇 included, as in 二〇二五年).
const CJK = [
  [0x3007, 0x3007], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff],
  [0x20000, 0x2a6df], [0x2a700, 0x2ebef], [0x2f800, 0x2fa1f], [0x30000, 0x323af],
];
// Letters, digits and meaningful symbols (is_unit and is_symbol in
// normalize.rs): with Chinese characters, the units a query is made of.
const UNIT = /[\p{Alphabetic}\p{N}\p{Sc}\p{Sm}\p{So}%‰‱#&@]/u;
// What a reader does not see inside a word (is_invisible in src/text.rs):
// skipped in a query, as the index left it out of the pages.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

export function isCjk(cp) {
  return CJK.some(([a, b]) => cp >= a && cp <= b);
}

function lower(c) {
  const l = c.toLowerCase();
  return Array.from(l).length === 1 ? l : c;
}

// One character in, one character out (so positions line up with the text).
export function foldChar(c, fold) {
  const cp = c.codePointAt(0);
  if (cp === 0x3000) return ' ';
  if (cp >= 0xff01 && cp <= 0xff5e) return lower(String.fromCodePoint(cp - 0xfee0));
  if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
  if (cp < 128) return c;
  // Compatibility ideographs (豈 U+F900) fold as their canonical form
  // (is_compatibility_ideograph in normalize.rs): the index leaves them out.
  if ((cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) c = c.normalize('NFC');
  return fold.get(c) || lower(c);
}

// "衛卫後后…" from the index's meta → Map(衛 → 卫); its `phrases` (the meta's
// [phrase, folded] pairs) by first character, longest first.
export function foldMap(pairs, phrases = []) {
  const chars = Array.from(pairs || '');
  const map = new Map();
  for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i], chars[i + 1]);
  map.phrases = new Map();
  for (const [phrase, folded] of phrases) {
    const p = Array.from(phrase);
    const f = Array.from(folded);
    if (p.length !== f.length) continue;
    if (!map.phrases.has(p[0])) map.phrases.set(p[0], []);
    map.phrases.get(p[0]).push([p, f]);
  }
  for (const list of map.phrases.values()) list.sort((a, b) => b[0].length - a[0].length);
  return map;
}

// The folded characters of `chars` (an array of characters), one for each:
// foldChar, except inside a phrase of fold.phrases, longest first, left to
// right (normalize.rs fold_text).
export function foldText(chars, fold) {
  const out = new Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const found = fold.phrases?.get(chars[i])?.find(([p]) => p.every((c, k) => chars[i + k] === c));
    if (found) {
      found[1].forEach((c, k) => { out[i + k] = c; });
      i += found[1].length - 1;
    } else {
      out[i] = foldChar(chars[i], fold);
    }
  }
  return out;
}

export function isUnit(c) {
  return isCjk(c.codePointAt(0)) || UNIT.test(c);
}

// Runs of units in a row (arrays of characters), in order: 1998年 is one
// run whatever its scripts; punctuation and spaces separate runs, except a
// decimal point between two digits (29.10%), as decimal_points in
// tokenize.rs.
export function runs(text, fold) {
  const out = [];
  let run = [];
  const chars = foldText(Array.from(text), fold)
    .filter((c) => !INVISIBLE.test(c) || c === '\t' || c === '\n' || c === '\r');
  const digit = (c) => c >= '0' && c <= '9';
  chars.forEach((c, i) => {
    const point = c === '.' && i > 0 && digit(chars[i - 1]) && digit(chars[i + 1] || '');
    if (isUnit(c) || point) run.push(c);
    else if (run.length) { out.push(run); run = []; }
  });
  if (run.length) out.push(run);
  return out;
}

// Terms: {units, tokens, text}; more than one token is a phrase of
// bigrams. Nothing of a long query is dropped.
export function parseQuery(query, fold) {
  const terms = [];
  for (const units of runs(query, fold)) {
    const tokens = units.length === 1 ? [units[0]] : units.slice(1).map((c, i) => units[i] + c);
    const text = units.join('');
    if (!terms.some((t) => t.text === text)) terms.push({ units, tokens, text });
  }
  return terms;
}

const encoder = new TextEncoder();
// Text chunks are JSON in UTF-16LE: two bytes a Chinese character.
const utf16 = new TextDecoder('utf-16le');

// FNV-1a (32 bits) of the UTF-8 bytes, modulo the shard count.
export function shardOf(token, shards) {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(token)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h % Math.max(shards, 1);
}

class Reader {
  constructor(bytes) { this.b = bytes; this.at = 0; }
  varint() {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.b.length) throw new Error('truncated index file');
      const byte = this.b[this.at++];
      n += (byte & 0x7f) * scale;
      if (byte < 0x80) return n;
      scale *= 128;
    }
  }
}

function sameBytes(a, at, b) {
  if (at + b.length > a.length) return false;
  for (let i = 0; i < b.length; i++) if (a[at + i] !== b[i]) return false;
  return true;
}

// Document lists are gzip: undone here unless the server did it already.
export async function inflate(bytes) {
  if (!bytes || bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  if (typeof DecompressionStream === 'undefined') throw new Error('no DecompressionStream');
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The postings of a token in a shard's document lists: [{doc, counts: [title, unit, other], positions}].
export function findPostings(bytes, token) {
  const want = encoder.encode(token);
  const r = new Reader(bytes);
  while (r.at < bytes.length) {
    const head = r.varint();
    const len = Math.floor(head / 2);
    const match = len === want.length && sameBytes(bytes, r.at, want);
    r.at += len;
    const bodyLen = r.varint();
    if (!match) { r.at += bodyLen; continue; }
    const count = r.varint();
    const out = [];
    let doc = 0;
    for (let i = 0; i < count; i++) {
      doc += r.varint();
      const h = r.varint();
      const counts = [0, 0, Math.floor(h / 4)];
      if (h & 2) counts[0] = r.varint();
      if (h & 1) counts[1] = r.varint();
      out.push({ doc, counts, positions: [[], [], []] });
    }
    return out;
  }
  return [];
}

// Fills the positions of a bigram's (or gram's) postings from its shard's positions file.
export function findPositions(bytes, token, postings) {
  const want = encoder.encode(token);
  const r = new Reader(bytes);
  while (r.at < bytes.length) {
    const len = r.varint();
    // A token of no bytes: the blob's padding (pack.rs).
    if (len === 0) break;
    const match = len === want.length && sameBytes(bytes, r.at, want);
    r.at += len;
    const bodyLen = r.varint();
    if (!match) { r.at += bodyLen; continue; }
    for (const p of postings) {
      for (let f = 0; f < 3; f++) {
        let at = 0;
        p.positions[f] = [];
        for (let k = 0; k < p.counts[f]; k++) { at += r.varint(); p.positions[f].push(at); }
      }
    }
    return;
  }
  throw new Error(`no positions for ${token}`);
}

// The format of the index this engine reads (its meta's "version"), and
// the file it reads first.
export const VERSION = 9;
export const META_FILE = 'meta.bin';

// The kinds of blob, in the order of the packs' directory (DIRS in pack.rs).
const DIRS = ['s', 'p', 'g', 'q', 'c'];
// The size of each blob class (class_size in pack.rs): 0, 16, then growing
// by a sixteenth, in steps of 16.
const CLASS = [0, 16];
while (CLASS.length < 256) {
  const last = CLASS[CLASS.length - 1];
  CLASS.push(last + Math.max(16, Math.ceil(Math.floor(last / 16) / 16) * 16));
}

// Where each blob is: {pack, start, end} by name (`s/3.bin`), from the
// directory's classes; blobs of a kind go `per` to a pack, padded to their
// class (Layout in pack.rs).
function directory(meta, classes) {
  const chunks = Math.ceil(meta.docs / Math.max(meta.chunk, 1));
  const counts = [meta.shards, meta.shards, meta.shards, meta.shards, chunks];
  if (classes.length !== counts.reduce((a, b) => a + b, 0)) throw new Error('meta: packs');
  const where = new Map();
  let slot = 0;
  DIRS.forEach((dir, d) => {
    const per = Math.max(1, (meta.packs || [])[d] || 1);
    let start = 0;
    for (let n = 0; n < counts[d]; n++) {
      if (n % per === 0) start = 0;
      const end = start + CLASS[classes[slot++]];
      where.set(`${dir}/${n}.bin`, { pack: `pack/${dir}${Math.floor(n / per)}.bin`, start, end });
      start = end;
    }
  });
  return where;
}

// Opens an index. load(rel, range) resolves to a Uint8Array, or null when
// missing: with range [start, end), those bytes of the file, or all of it
// when the server ignores Range (then the engine takes its slice, fetches
// whole packs from then on, each once).
// META_FILE is gzip: the length of the meta's JSON and the JSON, each
// document's kind byte then length code, then the Traditional → Simplified
// pairs as varints (distance from the previous Traditional character, the
// Simplified one's from it, zigzag), then the packs' directory (the number
// of blobs, a class byte each), as encode_meta in docs.rs.
export async function openIndex(load) {
  const bytes = await load(META_FILE);
  if (!bytes) throw new Error('search index missing');
  const plain = await inflate(bytes);
  const r = new Reader(plain);
  const jsonLength = r.varint();
  const meta = JSON.parse(new TextDecoder().decode(plain.subarray(r.at, r.at + jsonLength)));
  r.at += jsonLength;
  if (meta.version !== VERSION) throw new Error(`index version ${meta.version}`);
  const docs = plain.slice(r.at, r.at + 2 * meta.docs);
  if (docs.length !== 2 * meta.docs) throw new Error('meta: documents');
  r.at += docs.length;
  const fold = [];
  let t = 0;
  for (let i = r.varint(); i > 0; i--) {
    t += r.varint();
    const z = r.varint();
    fold.push(String.fromCodePoint(t), String.fromCodePoint(t + (z % 2 ? -(z + 1) / 2 : z / 2)));
  }
  meta.fold = fold.join('');
  const blobs = r.varint();
  const where = directory(meta, plain.subarray(r.at, r.at + blobs));
  const yearOf = [];
  for (const [year, n] of meta.years) for (let i = 0; i < n; i++) yearOf.push(year);
  // The common bigrams: pairs of characters, one after another.
  const pairs = Array.from(meta.common);
  const common = new Set();
  for (let i = 0; i + 1 < pairs.length; i += 2) common.add(pairs[i] + pairs[i + 1]);
  return {
    meta, docs, yearOf, fold: foldMap(meta.fold, meta.phrases), common, load, where,
    files: new Map(), sizes: new Map(), rows: new Map(), packs: new Map(), ranges: true,
  };
}

// A whole pack, fetched once.
function wholePack(index, pack) {
  if (!index.packs.has(pack)) index.packs.set(pack, index.load(pack).then((b) => b || new Uint8Array(0)));
  return index.packs.get(pack);
}

// Bytes [start, end) of a pack: a range request, or, once a server has
// answered one with the whole file, a slice of the whole pack.
function packRange(index, pack, start, end) {
  if (end <= start) return Promise.resolve(new Uint8Array(0));
  if (!index.ranges) return wholePack(index, pack).then((b) => b.subarray(start, end));
  return index.load(pack, [start, end]).then((b) => {
    if (!b) return new Uint8Array(0);
    if (b.length === end - start) return b;
    index.ranges = false;
    if (!index.packs.has(pack)) index.packs.set(pack, Promise.resolve(b));
    return b.subarray(start, end);
  });
}

// A blob's bytes as stored (padding included; empty when unknown).
function blob(index, rel) {
  const at = index.where.get(rel);
  return at ? packRange(index, at.pack, at.start, at.end) : Promise.resolve(new Uint8Array(0));
}

// A blob of the index (`s/3.bin`), fetched and inflated once (missing:
// empty); its size as stored goes into index.sizes.
function file(index, rel) {
  if (!index.files.has(rel)) {
    index.files.set(rel, blob(index, rel).then((b) => {
      index.sizes.set(rel, b.length);
      return inflate(b);
    }));
  }
  return index.files.get(rel);
}

// The pieces a phrase is matched through ([{start, len}]), given which of
// its bigrams are common: each bigram inside a piece, each piece overlapping
// the one before; from the first bigram not covered, the gram (trigram of
// common bigrams i, i+1; quadgram of i, i+2) that reaches furthest, the
// longer on a tie, else the bigram alone. As phrase_pieces in query.rs.
export function phrasePieces(common) {
  const pieces = [];
  let next = 0;
  while (next < common.length) {
    let best = { start: next, len: 2 };
    for (let start = Math.max(0, next - 2); start <= next; start++) {
      for (const len of [3, 4]) {
        const last = start + len - 2;
        const exists = common[start] === true && common[last] === true;
        const reach = start + len;
        const bestReach = best.start + best.len;
        if (exists && last >= next && last < common.length
          && (reach > bestReach || (reach === bestReach && len > best.len))) best = { start, len };
      }
    }
    next = best.start + best.len - 1;
    pieces.push(best);
  }
  return pieces;
}

// How many candidates a query checks against their text rather than
// reading more lists (one page of results, whose text the page fetches),
// lists read at once per round, and the bytes of shard files after which a
// query starts no new one. As plan.rs.
export const VERIFY = 10;
const ROUND = 2;
export const READ_CAP = 192 * 1024;

// How likely a piece is to narrow the candidates (smaller first): a bigram
// that is not common, a gram, a common bigram, a single unit.
function rarity(units, gram, text, common) {
  if (units === 1) return 3;
  if (gram) return 1;
  return common.has(text) ? 2 : 0;
}

// The order of a term's k pieces: its ends, its middle, then the rest.
function spread(k) {
  const order = [];
  for (const i of [0, k - 1, Math.floor(k / 2), ...Array(k).keys()]) {
    if (i >= 0 && i < k && !order.includes(i)) order.push(i);
  }
  return order;
}

// The pieces of every term in the order a query reads their lists
// ({probes: [{term, gram, text, start}], terms: per term its probes' indexes
// in phrase order}), as plan() in plan.rs.
export function plan(terms, common, grams = true) {
  const keyed = [];
  terms.forEach((term, t) => {
    const chars = term.units;
    const pieces = chars.length <= 2 ? [{ start: 0, len: chars.length }]
      : phrasePieces(term.tokens.map((b) => grams && common.has(b)));
    spread(pieces.length).forEach((i, rank) => {
      const p = pieces[i];
      const text = chars.slice(p.start, p.start + p.len).join('');
      const gram = p.len > 2;
      keyed.push({ key: [rarity(p.len, gram, text, common), rank, -chars.length, t, i], probe: { term: t, gram, text, start: p.start } });
    });
  });
  keyed.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
    return 0;
  });
  const probes = keyed.map((k) => k.probe);
  const byTerm = terms.map(() => []);
  probes.forEach((p, at) => byTerm[p.term].push(at));
  for (const list of byTerm) list.sort((a, b) => probes[a].start - probes[b].start);
  return { probes, terms: byTerm };
}

// A term's matches (Map doc → [title, unit, other]) through the positions
// of its pieces: where each starts at its offset after the first.
async function chain(r, plan, t) {
  const pieces = plan.terms[t].map((at) => plan.probes[at]);
  const [first, ...rest] = await Promise.all(pieces.map((p) => (p.gram ? r.gramPositions : r.positions)(p.text)));
  const byDoc = rest.map((l) => new Map(l.map((p) => [p.doc, p])));
  const out = new Map();
  for (const p of first) {
    const c = [0, 0, 0];
    for (let f = 0; f < 3; f++) {
      for (const start of p.positions[f]) {
        const ok = byDoc.every((m, i) => {
          const q = m.get(p.doc);
          return q !== undefined && q.positions[f].includes(start + pieces[i + 1].start);
        });
        if (ok) c[f]++;
      }
    }
    if (c.some((x) => x > 0)) out.set(p.doc, c);
  }
  return out;
}

// Occurrences of a term's units in a row: [title, unit, fields and body],
// overlapping ones included, as the index counts them (verify.rs).
export function countIn(row, units, fold) {
  const count = (text) => {
    const folded = foldText(Array.from(text || ''), fold);
    let n = 0;
    for (let i = 0; i + units.length <= folded.length; i++) {
      if (units.every((c, k) => folded[i + k] === c)) n++;
    }
    return units.length ? n : 0;
  };
  return [count(row.title), count(row.unit), count(row.fields) + count(row.body)];
}

// Whether a row holds every term (a results page checks what a partial
// query could not).
export function holds(row, terms, fold) {
  return terms.every((t) => countIn(row, t.units, fold).some((n) => n > 0));
}

const intersect = (a, b) => new Set([...a].filter((d) => b.has(d)));
const ascending = (set) => [...set].sort((a, b) => a - b);

// What a query knows once it has read what its plan allows: {docs, counts
// (per term, Map doc → counts), df (per term), partial, chunks}. Lists a
// round at a time until the candidates are few, or all are read (then
// positions), or the cap is reached; then the rest against the text. As
// find() in query/mod.rs.
async function find(index, terms, plan, r, cap) {
  let candidates = null;
  let read = 0;
  const few = () => candidates !== null && candidates.size <= VERIFY;
  const room = () => read === 0 || r.bytes() < cap;
  const listOf = (p) => (p.gram ? r.gram : r.list)(p.text);
  while (read < plan.probes.length && !few() && room()) {
    const round = plan.probes.slice(read, read + ROUND);
    for (const list of await Promise.all(round.map(listOf))) {
      const docs = new Set(list.map((p) => p.doc));
      candidates = candidates === null ? docs : intersect(candidates, docs);
    }
    read += round.length;
  }
  let docs = candidates || new Set();
  const allRead = (t) => plan.terms[t].every((at) => at < read);
  const exact = terms.map(() => null);
  for (let t = 0; t < terms.length; t++) {
    const [at, ...more] = plan.terms[t];
    if (!more.length && at < read) {
      exact[t] = new Map((await listOf(plan.probes[at])).map((p) => [p.doc, p.counts]));
    }
  }
  const phrases = terms.map((_, t) => t).filter((t) => exact[t] === null && allRead(t))
    .sort((a, b) => plan.terms[a].length - plan.terms[b].length || a - b);
  for (const t of phrases) {
    if (docs.size <= VERIFY || !room()) break;
    const found = await chain(r, plan, t);
    docs = new Set([...docs].filter((d) => found.has(d)));
    exact[t] = found;
  }
  for (const found of exact) if (found) docs = new Set([...docs].filter((d) => found.has(d)));
  const unchecked = terms.map((_, t) => t).filter((t) => exact[t] === null);
  const counts = terms.map(() => new Map());
  const partial = unchecked.length > 0 && docs.size > VERIFY;
  let chunks = [];
  if (unchecked.length && !partial) {
    // Few candidates: their text says which have the other terms.
    const ids = ascending(docs);
    const rows = await loadRows(index, ids);
    chunks = [...new Set(ids.map((id) => Math.floor(id / index.meta.chunk)))].sort((a, b) => a - b)
      .map((k) => `c/${k}.bin`);
    const kept = new Set();
    for (const row of rows) {
      const found = unchecked.map((t) => countIn(row, terms[t].units, index.fold));
      if (found.every((c) => c.some((n) => n > 0))) {
        kept.add(row.id);
        unchecked.forEach((t, k) => counts[t].set(row.id, found[k]));
      }
    }
    docs = kept;
  } else if (partial) {
    // Unchecked terms count what their pieces read say at most.
    for (const t of unchecked) {
      const lists = await Promise.all(plan.terms[t].filter((at) => at < read).map((at) => listOf(plan.probes[at])));
      const byDoc = lists.map((l) => new Map(l.map((p) => [p.doc, p.counts])));
      for (const doc of ascending(docs)) {
        let bound = null;
        for (const m of byDoc) {
          const c = m.get(doc) || [0, 0, 0];
          bound = bound ? bound.map((x, f) => Math.min(x, c[f])) : c;
        }
        counts[t].set(doc, bound || [0, 0, 0]);
      }
    }
  }
  const df = terms.map(() => docs.size);
  exact.forEach((found, t) => {
    if (found) { df[t] = found.size; counts[t] = found; }
  });
  return { docs, counts, df, partial, chunks };
}

// Reads a query's shard files, each once, and remembers which and their
// bytes as fetched: a token's list in s/ and positions in p/, a gram's in
// g/ and q/.
function reader(index) {
  const read = new Set();
  const get = (rel) => { read.add(rel); return file(index, rel); };
  const shard = (t) => shardOf(t, index.meta.shards);
  const files = (listDir, posDir) => {
    const lists = new Map();
    const positioned = new Map();
    const list = (t) => {
      if (!lists.has(t)) lists.set(t, get(`${listDir}/${shard(t)}.bin`).then((b) => findPostings(b, t)));
      return lists.get(t);
    };
    const positions = (t) => {
      if (!positioned.has(t)) {
        positioned.set(t, list(t).then(async (l) => {
          if (l.length) findPositions(await get(`${posDir}/${shard(t)}.bin`), t, l);
          return l;
        }));
      }
      return positioned.get(t);
    };
    return { list, positions };
  };
  const tokens = files('s', 'p');
  const grams = files('g', 'q');
  return {
    list: tokens.list,
    positions: tokens.positions,
    gram: grams.list,
    gramPositions: grams.positions,
    // What this query read so far (a file not yet arrived counts 0: a
    // round is awaited whole before the cap is looked at).
    bytes: () => [...read].reduce((sum, rel) => sum + (index.sizes.get(rel) || 0), 0),
    files: () => [...read].sort(),
  };
}

// Runs a query: {terms, hits: [{doc, score}], kinds: Map(kind byte → n),
// years: Map(year → n; 0: undated), files: the shard files read, chunks: the
// text chunks read to check candidates, partial: some terms could not be
// checked in every candidate within the cap (the hits may hold pages
// without them; `holds` tells)}.
// filter: {kind: byte or null, year: number or null}; options: {grams, cap}.
export async function search(index, query, filter = {}, options = {}) {
  const { meta, docs, yearOf } = index;
  const n = meta.docs;
  const terms = parseQuery(query, index.fold);
  const result = { terms, hits: [], kinds: new Map(), years: new Map(), files: [], chunks: [], partial: false };
  if (!terms.length) return result;
  const r = reader(index);
  const p = plan(terms, index.common, options.grams ?? true);
  const found = await find(index, terms, p, r, options.cap ?? READ_CAP);
  result.files = r.files();
  result.chunks = found.chunks;
  result.partial = found.partial;
  const scores = new Map(ascending(found.docs).map((d) => [d, 0]));
  terms.forEach((term, t) => {
    const df = found.df[t];
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (const [doc, before] of scores) {
      const c = found.counts[t].get(doc) || [0, 0, 0];
      const dl = Math.exp(docs[n + doc] / 16) - 1;
      const tf = c[0] * meta.title_boost + c[1] * meta.unit_boost + c[2];
      const norm = meta.k1 * (1 - meta.b + meta.b * dl / meta.avgdl);
      scores.set(doc, before + idf * tf * (meta.k1 + 1) / (tf + norm));
    }
  });
  const add = (map, key) => map.set(key, (map.get(key) || 0) + 1);
  for (const [doc, score] of scores) {
    const kind = docs[doc];
    const year = yearOf[doc] || 0;
    const kindOk = filter.kind == null || filter.kind === kind;
    const yearOk = filter.year == null || filter.year === year;
    if (yearOk) add(result.kinds, kind);
    if (kindOk) add(result.years, year);
    if (kindOk && yearOk) result.hits.push({ doc, score: Math.round(score * 1e6) / 1e6 });
  }
  result.hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return result;
}

// The rows {id, url, title, date, kind, unit, fields, body, lead, text} of
// documents, from their text chunks; the lead is the unit and the kind's
// fields, as a snippet shows them.
export async function loadRows(index, ids) {
  const size = index.meta.chunk;
  const wanted = [...new Set(ids.map((id) => Math.floor(id / size)))]
    .filter((k) => !index.rows.has(k)).sort((a, b) => a - b);
  // Chunks that touch in a pack (consecutive documents) are one request.
  const spans = [];
  for (const k of wanted) {
    const at = index.where.get(`c/${k}.bin`) || { pack: null, start: 0, end: 0 };
    const last = spans[spans.length - 1];
    if (last && at.pack && last.pack === at.pack && at.start <= last.end) {
      last.end = Math.max(last.end, at.end);
      last.chunks.push([k, at]);
    } else {
      spans.push({ pack: at.pack, start: at.start, end: at.end, chunks: [[k, at]] });
    }
  }
  for (const span of spans) {
    const bytes = span.pack ? packRange(index, span.pack, span.start, span.end) : Promise.resolve(new Uint8Array(0));
    for (const [k, at] of span.chunks) {
      index.rows.set(k, bytes.then((b) => {
        const part = b.subarray(at.start - span.start, at.end - span.start);
        return part.length ? JSON.parse(utf16.decode(part)) : [];
      }));
    }
  }
  const get = (k) => index.rows.get(k);
  return Promise.all(ids.map(async (id) => {
    const row = (await get(Math.floor(id / size)))[id % size] || ['', '', '', 0, '', '', ''];
    const [unit, fields, body] = [row[4], row[5], row[6]];
    const lead = [unit, fields].filter(Boolean).join('\u3000');
    const text = lead && body ? `${lead}\n${body}` : lead || body;
    return { id, url: row[0], title: row[1], date: row[2], kind: row[3], unit, fields, body, lead, text };
  }));
}

// Where the terms occur in `text`: the characters, which of them are
// marked, and each match as [start, end, term].
function matchesIn(text, terms, fold) {
  const chars = Array.from(text);
  const norm = foldText(chars, fold);
  const needles = terms.map((t) => Array.from(t.text)).filter((x) => x.length);
  const marked = new Array(chars.length).fill(false);
  const matches = [];
  for (let i = 0; i < norm.length; i++) {
    needles.forEach((nd, t) => {
      if (nd.every((c, k) => norm[i + k] === c)) {
        matches.push([i, i + nd.length, t]);
        for (let k = 0; k < nd.length; k++) marked[i + k] = true;
      }
    });
  }
  return { chars, marked, matches };
}

// The start of the `width` characters that hold the most distinct terms,
// then the most matches; the earliest of equals. A window begins a quarter
// of its width before a match, so the match has some text before it.
export function bestWindow(matches, length, width) {
  let [best, bestScore] = [0, -1];
  matches.forEach((anchor, a) => {
    const start = Math.max(0, Math.min(anchor[0] - Math.floor(width / 4), length - width));
    // Matches are in order of start: look only at those near the window.
    let j = a;
    while (j > 0 && matches[j - 1][0] >= start) j--;
    const terms = new Set();
    let count = 0;
    for (; j < matches.length && matches[j][0] < start + width; j++) {
      if (matches[j][1] <= start + width) { terms.add(matches[j][2]); count++; }
    }
    const score = terms.size * 1e6 + count;
    if (score > bestScore) [best, bestScore] = [start, score];
  });
  return best;
}

// Pieces [{text, mark}] of a text's matches (from matchesIn): the `width`
// characters around the best place (the whole text when width is 0).
function piecesOf({ chars, marked, matches }, width) {
  let start = 0;
  let end = chars.length;
  if (width > 0 && chars.length > width) {
    start = matches.length ? bestWindow(matches, chars.length, width) : 0;
    end = start + width;
  }
  const pieces = [];
  for (let i = start; i < end; i++) {
    const last = pieces[pieces.length - 1];
    if (last && last.mark === marked[i]) last.text += chars[i];
    else pieces.push({ text: chars[i], mark: marked[i] });
  }
  if (start > 0) pieces.unshift({ text: '…', mark: false });
  if (end < chars.length) pieces.push({ text: '…', mark: false });
  return pieces;
}

// `text` with the terms marked, `width` characters at most (0: all of it).
export function highlight(text, terms, fold, width = 0) {
  return piecesOf(matchesIn(text, terms, fold), width);
}

// A result's snippet: from its body when the body matches, which reads as
// prose; else from its lead (the unit and the kind's fields: names, places);
// else the start of the body.
export function snippet(row, terms, fold, width) {
  const body = matchesIn(row.body, terms, fold);
  if (body.matches.length) return piecesOf(body, width);
  const lead = matchesIn(row.lead, terms, fold);
  return piecesOf(lead.matches.length || !row.body ? lead : body, width);
}
