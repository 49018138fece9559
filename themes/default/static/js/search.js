// gongkai search page: reads ?q=…&kind=…&year=… and shows the results.
// The engine is in search-core.js; this file only draws. No dependency.
import { openIndex, search, loadRows, highlight, snippet, holds } from './search-core.js';

const root = document.getElementById('search');
const PAGE = 10;

if (root) {
  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const input = $('search-q');
  const status = $('search-status');
  const facets = $('search-facets');
  const list = $('search-results');
  const more = $('search-more');
  const base = root.dataset.base;
  const dir = root.dataset.index;
  // A file, or bytes [start, end) of it: a 206 answer is those bytes, a
  // 200 the whole file (a server that ignores Range: the engine slices).
  const load = (rel, range) => fetch(dir + rel, range ? { headers: { Range: `bytes=${range[0]}-${range[1] - 1}` } } : {})
    .then((r) => {
      if (!r.ok) return null;
      const from = Number((r.headers.get('Content-Range') || '').match(/^bytes (\d+)-/)?.[1]);
      if (r.status === 206 && (!range || from !== range[0])) return null;
      return r.arrayBuffer().then((b) => new Uint8Array(b));
    })
    .catch(() => null);
  let index = null;
  // How many hits were looked at (shown, or skipped by a partial query).
  let next = 0;
  let current = null;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const marked = (parent, pieces) => {
    for (const p of pieces) parent.append(p.mark ? el('mark', '', p.text) : p.text);
    return parent;
  };
  const dateZh = (iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return iso ? `${y}年${m}月${d}日` : '';
  };
  const state = () => {
    const p = new URLSearchParams(location.search);
    return { q: (p.get('q') || '').trim(), kind: p.get('kind') || '', year: p.get('year') || '' };
  };
  const href = (s) => {
    const p = new URLSearchParams({ q: s.q });
    if (s.kind) p.set('kind', s.kind);
    if (s.year) p.set('year', s.year);
    return `?${p}`;
  };

  const facetGroup = (title, all, entries, key, s) => {
    const group = el('div', 'search-facet');
    group.append(el('h2', '', title));
    const ul = el('ul');
    const item = (label, value, count) => {
      const li = el('li');
      const a = el('a', '', `${label}（${count}）`);
      a.href = href({ ...s, [key]: value });
      if (s[key] === value) a.setAttribute('aria-current', 'true');
      li.append(a);
      ul.append(li);
    };
    item('全部', '', all);
    for (const [label, value, count] of entries) item(label, value, count);
    group.append(ul);
    return group;
  };

  // The next page of results. A query too long to check every page
  // (partial) has its results checked here, as they are shown.
  async function showMore() {
    let firstLink = null;
    let added = 0;
    while (added < PAGE && next < current.hits.length) {
      const ids = current.hits.slice(next, next + PAGE - added).map((h) => h.doc);
      next += ids.length;
      for (const row of await loadRows(index, ids)) {
        if (current.partial && !holds(row, current.terms, index.fold)) continue;
        const link = append(row);
        firstLink = firstLink || link;
        added++;
      }
    }
    more.hidden = next >= current.hits.length;
    return firstLink;
  }

  // One result in the list; returns its link.
  function append(row) {
    const li = el('li', 'search-result');
    const h = el('h3');
    const a = marked(el('a'), highlight(row.title, current.terms, index.fold));
    a.href = base + row.url;
    h.append(a);
    const kind = index.meta.kinds[row.kind];
    const meta = el('p', 'search-meta', [kind ? kind[1] : '', dateZh(row.date)].filter(Boolean).join(' · '));
    const snip = marked(el('p', 'search-snippet'), snippet(row, current.terms, index.fold, 120));
    li.append(h, meta, snip);
    list.append(li);
    return a;
  }

  async function run() {
    const s = state();
    input.value = s.q;
    list.textContent = '';
    facets.textContent = '';
    facets.hidden = true;
    more.hidden = true;
    next = 0;
    if (!s.q) { status.textContent = '请输入要查找的词语，例如“卫生院”。'; return; }
    document.title = `搜索：${s.q} - ${document.title.split(' - ').pop()}`;
    status.textContent = '正在搜索……';
    try {
      index = index || await openIndex(load);
      const kinds = index.meta.kinds;
      const kindByte = kinds.findIndex(([name]) => name === s.kind);
      current = await search(index, s.q, {
        kind: kindByte >= 0 ? kindByte : null,
        year: /^\d+$/.test(s.year) ? Number(s.year) : null,
      });
      const total = current.hits.length;
      const sumKinds = [...current.kinds.values()].reduce((a, b) => a + b, 0);
      if (!current.terms.length) {
        // Only punctuation or symbols: nothing to look for.
        status.textContent = `“${s.q}”里没有可以查找的文字。请输入汉字、字母或数字，例如“卫生院”。`;
        return;
      }
      if (sumKinds === 0) {
        status.textContent = `没有找到与“${s.q}”相关的内容。请换一个词，或少写几个字再试。`;
        return;
      }
      status.textContent = total
        ? `找到 ${total} 条与“${s.q}”相关的结果。`
        : `所选类别和年份中没有与“${s.q}”相关的结果，请选择“全部”。`;
      // Too long to check every page: the count is at most this.
      if (current.partial && total) {
        status.textContent = `找到至多 ${total} 条与“${s.q}”相关的结果（查询较长，只核对了列出的结果；少写几个字可以更准确）。`;
      }
      const kindEntries = [...current.kinds].sort((a, b) => a[0] - b[0])
        .map(([k, n]) => [kinds[k][1], kinds[k][0], n]);
      // Undated pages (year 0) count in 全部 only.
      const yearEntries = [...current.years].filter(([y]) => y !== 0).sort((a, b) => b[0] - a[0])
        .map(([y, n]) => [`${y}年`, String(y), n]);
      const yearAll = [...current.years.values()].reduce((a, b) => a + b, 0);
      facets.append(
        facetGroup('类别', sumKinds, kindEntries, 'kind', s),
        facetGroup('年份', yearAll, yearEntries, 'year', s),
      );
      facets.hidden = false;
      if (total) await showMore();
    } catch (e) {
      // The index is gzip, which old browsers cannot undo.
      status.textContent = typeof DecompressionStream === 'undefined'
        ? '您的浏览器版本较旧，无法使用站内搜索。请更新浏览器，或从年度归档、分类和标签查找。'
        : '搜索暂时无法使用，请稍后再试。';
    }
  }

  // Filters and new queries stay on this page without reloading it.
  facets.addEventListener('click', (e) => {
    const a = e.target.closest('a');
    if (!a) return;
    e.preventDefault();
    history.pushState(null, '', a.href);
    run();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    history.pushState(null, '', href({ q: input.value.trim() }));
    run();
  });
  more.addEventListener('click', async () => {
    const link = await showMore();
    if (link) link.focus();
  });
  window.addEventListener('popstate', run);
  run();
}
