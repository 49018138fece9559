// The demo site in a real browser (issue 7): builds the demo site, serves it
// on loopback, and checks in headless Chromium that every template is valid
// HTML, accessible (axe-core, WCAG 2.1 A/AA), usable by keyboard, friendly to
// elderly readers (large text, high contrast, big touch targets), fits a
// 360 px phone, is light, reads without JavaScript and prints cleanly.
//
//   npm ci --prefix tests/browser && npm test --prefix tests/browser
//
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java),
// GONGKAI_SITE_DIR (a site already built with `gongkai build`; else the suite
// runs `cargo run --release -- build` into a temporary folder).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const SHOTS = path.join(HERE, 'screenshots');

// One page of every template. Adding a page is one line:
// [name, path, expected status, options]. `optional` pages (built by a
// feature that may not be there yet) are skipped, visibly, when they answer 404.
const PAGES = [
  ['home', '/'],
  ['section', '/news/'],
  ['section-page-2', '/news/page/2/'],
  ['article', '/news/2026-renda-liuci-huiyi/'],
  ['inspection', '/inspections/2026-nongyiban-shicha/'],
  ['evaluation', '/evaluations/2026-minzhu-pingyi/'],
  ['evaluation-notice-over', '/evaluations/2025-minzhu-pingyi/'],
  ['submission-index', '/submissions/'],
  ['submission', '/submissions/2026-daibiaobao-renda-huiyi/'],
  ['report-index', '/reports/'],
  ['report', '/reports/2026-gongzuo-jihua/'],
  ['disclosure-guide', '/reports/xinxi-gongkai-zhinan/'],
  ['disclosure-annual-report', '/reports/2025-xinxi-gongkai-nianbao/'],
  ['units', '/units/'],
  ['unit', '/units/zhen-wei-sheng-yuan/'],
  ['delegates', '/delegates/'],
  ['delegate', '/delegates/chen-jianguo/'],
  ['person', '/delegates/he-yong-fu/'],
  ['suggestion-index', '/suggestions/'],
  ['suggestion', '/suggestions/2026-xuexiao-jiaotong/'],
  ['suggestion-rereply', '/suggestions/2025-huinong-butie/'],
  ['dubans', '/dubans/'],
  ['dubans-year', '/dubans/2026/'],
  ['site-map', '/wangzhanditu/'],
  ['catalog', '/gongkai/'],
  ['catalog-topic', '/gongkai/dai-biao-gong-zuo/'],
  ['repealed', '/news/2024-lianluozhan-gongzuo-guize/'],
  ['stats-list', '/stats/'],
  ['stats', '/stats/2026/'],
  ['archive-list', '/archive/'],
  ['archive', '/archive/2026/'],
  ['taxonomy-list', '/categories/'],
  ['taxonomy', '/categories/jian-du-gong-zuo/'],
  ['404', '/no-such-page/', 404],
  ['search', '/search/?q=卫生院', 200, { ready: '#search-results li' }],
];
const ARTICLE = '/news/2026-renda-liuci-huiyi/';
const WIDTHS = [360, 1280];
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Elements that must be at least 44×44 px on a phone: navigation, pagination,
// the reading-mode buttons and every form control.
const TARGETS = [
  '.site-nav a', '.breadcrumbs a', '.pagination a', '.footer-nav a', '.subsections a',
  '.prefs a', 'button', 'input:not([type=hidden])', 'select', 'textarea',
].join(', ');

let site; // {dir, basePath}
let server;
let browser;
const offsite = []; // every request that went anywhere but the local server

function basePathOf(siteToml) {
  const m = /^base_url\s*=\s*"([^"]+)"/m.exec(siteToml);
  return m ? new URL(m[1]).pathname.replace(/\/?$/, '/') : '/';
}

function build() {
  if (process.env.GONGKAI_SITE_DIR) return path.resolve(process.env.GONGKAI_SITE_DIR);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-browser-'));
  const dir = path.join(out, 'site');
  execFileSync('cargo', ['run', '--quiet', '--locked', '--release', '--', 'build', '--root', REPO, '--output', dir],
    { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, LANG: 'C' } });
  return dir;
}

before(async () => {
  const dir = build();
  site = { dir, basePath: basePathOf(fs.readFileSync(path.join(REPO, 'site.toml'), 'utf8')) };
  server = await serve(dir, site.basePath);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (!process.env.GONGKAI_SITE_DIR && site) fs.rmSync(path.dirname(site.dir), { recursive: true, force: true });
});

/** A new browser context; every request it makes is checked to stay on the site. */
async function context(options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  ctx.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.origin + '/') && !u.startsWith('data:')) offsite.push(u);
  });
  return ctx;
}

/** Opens `p`; returns the response (null when skipped). */
async function open(page, t, [name, p, status = 200, opts = {}]) {
  const res = await page.goto(server.url(p), { waitUntil: 'load' });
  if (opts.optional && res.status() === 404) {
    console.log(`skipped: ${name} ${p} answers 404 (not built yet)`);
    t.skip(`${p} answers 404`);
    return null;
  }
  assert.equal(res.status(), status, `${p}: HTTP status`);
  // Pages that fill themselves in (search results) are checked once filled.
  if (opts.ready) await page.waitForSelector(opts.ready);
  return res;
}

async function axe(page, label) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  }
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
  const report = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
  assert.equal(result.violations.length, 0, `${label}: axe violations\n${report.join('\n')}`);
  assert.ok(result.passes.length > 10, `${label}: axe ran its rules`);
}

async function noHorizontalScroll(page, label) {
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
  assert.ok(sw <= iw, `${label}: page scrolls sideways (scrollWidth ${sw} > ${iw})`);
}

test('HTML: every page passes the W3C Nu HTML checker', () => {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  const files = fs.readdirSync(site.dir, { recursive: true }).filter((f) => f.endsWith('.html'));
  assert.ok(files.length > 50, `found only ${files.length} HTML files`);
  const r = spawnSync(process.env.JAVA || 'java', ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'gnu', site.dir],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.error, undefined, `could not run java: ${r.error}`);
  assert.equal(r.status, 0, `vnu found errors in the HTML:\n${r.stderr}${r.stdout}`);
  console.log(`vnu: ${files.length} HTML files, no errors`);
});

for (const width of WIDTHS) {
  test(`every template at ${width} px: axe WCAG 2.1 AA, no sideways scroll, screenshot`, async (t) => {
    const ctx = await context({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    for (const entry of PAGES) {
      await t.test(`${entry[0]} ${entry[1]}`, async (t) => {
        if (!(await open(page, t, entry))) return;
        const label = `${entry[1]} at ${width} px`;
        await noHorizontalScroll(page, label);
        const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
        assert.ok(body >= 16, `${label}: body text ${body}px < 16px`);
        await page.screenshot({ path: path.join(SHOTS, `${entry[0]}-${width}.png`), fullPage: true });
        await axe(page, label);
        if (width === 360) {
          const small = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
            .filter((e) => e.getClientRects().length > 0)
            .map((e) => ({ e, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.width < 44 || r.height < 44)
            .map(({ e, r }) => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`), TARGETS);
          assert.deepEqual(small, [], `${label}: touch targets under 44×44 px`);
        }
      });
    }
    await ctx.close();
  });
}

// What a phone reader sees of the tables and charts (issue 24 §1). On every
// page at 360 px, in normal and 大字 (large text) mode: the page does not
// scroll sideways; every cell of the theme's data tables (tables outside a
// Markdown body) lies inside the viewport, and in a row reflowed into a card
// the cells that carry the result (`.lead`: 满意率, 评定结果...) come before
// the vote counts; no visible text is smaller than 16 px (24 px in 大字:
// everything grows with it), chart text included, SVG text at its drawn size.
const PHONE_TABLE_PAGES = ['evaluation', 'units', 'unit', 'stats', 'submission-index', 'delegates', 'dubans', 'catalog'];

async function phoneReport(page) {
  return page.evaluate(() => {
    const iw = window.innerWidth;
    const out = { offscreen: [], order: [], sizes: [], reflowed: document.querySelectorAll('main table.reflow').length };
    const name = (e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : ''} "${e.textContent.trim().replace(/\s+/g, ' ').slice(0, 24)}"`;
    for (const cell of document.querySelectorAll('main table :is(th, td)')) {
      if (cell.closest('.content') || cell.closest('thead') || !cell.checkVisibility()) continue;
      const r = cell.getBoundingClientRect();
      if (r.left < -0.5 || r.right > iw + 0.5) out.offscreen.push(`${name(cell)} ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    for (const row of document.querySelectorAll('main table.reflow tr')) {
      const lead = [...row.querySelectorAll(':scope > .lead')];
      const rest = [...row.querySelectorAll(':scope > td:not(.lead)')];
      if (!lead.length || !rest.length) continue;
      const leadBottom = Math.max(...lead.map((c) => c.getBoundingClientRect().bottom));
      const restTop = Math.min(...rest.map((c) => c.getBoundingClientRect().top));
      if (leadBottom > restTop + 1) out.order.push(name(row));
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || !el.checkVisibility({ visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const box = range.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // visually hidden (screen-reader text)
      let px = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg) px *= svg.getScreenCTM()?.a ?? 1; // user units to CSS px as drawn
      out.sizes.push({ px, what: name(el) });
    }
    return out;
  });
}

test('phones: tables and charts readable at 360 px in normal and 大字 mode', async (t) => {
  const ctx = await context({ viewport: { width: 360, height: 800 } });
  const page = await ctx.newPage();
  const seen = new Set();
  for (const [mode, min] of [['normal', 16], ['large', 24]]) {
    if (mode === 'large') {
      await page.goto(server.url(ARTICLE));
      await page.locator('[data-pref=large]').click();
    }
    for (const entry of PAGES) {
      await t.test(`${mode}: ${entry[0]} ${entry[1]}`, async (t) => {
        if (!(await open(page, t, entry))) return;
        const label = `${entry[1]} at 360 px, ${mode} text`;
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('gk-large')), mode === 'large');
        await noHorizontalScroll(page, label);
        const r = await phoneReport(page);
        if (r.reflowed) seen.add(entry[0]);
        assert.deepEqual(r.offscreen, [], `${label}: table cells outside the screen`);
        assert.deepEqual(r.order, [], `${label}: rows whose result cells do not come first`);
        const small = r.sizes.filter((s) => s.px < min - 0.05).map((s) => `${s.what} ${s.px.toFixed(1)}px`);
        assert.deepEqual([...new Set(small)], [], `${label}: text under ${min} px`);
        assert.ok(r.sizes.length > 20, `${label}: found only ${r.sizes.length} pieces of text`);
        if (PHONE_TABLE_PAGES.includes(entry[0]) && mode === 'large') {
          await page.screenshot({ path: path.join(SHOTS, `${entry[0]}-360-large.png`), fullPage: true });
        }
      });
    }
  }
  assert.deepEqual(PHONE_TABLE_PAGES.filter((n) => !seen.has(n)), [], 'pages whose tables are not reflowed on a phone');
  // The full table stays for print, even from a phone.
  await page.goto(server.url('/evaluations/2026-minzhu-pingyi/'));
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => [...document.querySelectorAll('table.reflow tr')].map((r) => getComputedStyle(r).display));
  assert.ok(printed.length > 3 && printed.every((d) => d === 'table-row'), `printed rows: ${printed}`);
  await page.emulateMedia({ media: 'screen' });
  await ctx.close();
});

test('keyboard: skip link first, focus always visible, every link and control reachable by Tab', async (t) => {
  const ctx = await context();
  const page = await ctx.newPage();
  for (const entry of PAGES) {
    await t.test(`${entry[0]} ${entry[1]}`, async (t) => {
      if (!(await open(page, t, entry))) return;
      const focusables = await page.evaluate(() => {
        const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
          // Not rendered (`hidden`, display: none) is not reachable, nor meant to be.
          .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility());
        all.forEach((e, i) => e.setAttribute('data-kb', String(i)));
        return all.length;
      });
      const seen = new Set();
      for (let i = 0; i < focusables + 5; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          const before = getComputedStyle(e);
          const s = { kb: e.getAttribute('data-kb'), tag: e.tagName, text: e.textContent.trim().slice(0, 30), href: e.getAttribute('href') };
          const opaque = (c) => !/^(transparent|rgba\(.*, 0\))$/.test(c);
          s.outline = before.outlineStyle !== 'none' && parseFloat(before.outlineWidth) >= 2 && opaque(before.outlineColor);
          s.shadow = before.boxShadow !== 'none';
          const r = e.getBoundingClientRect();
          s.onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth;
          return s;
        });
        if (i === 0) {
          assert.ok(f && f.href === '#main', `${entry[1]}: the first Tab goes to the skip link, not ${JSON.stringify(f)}`);
          assert.match(f.text, /正文/);
          assert.ok(await page.locator('main#main').count() === 1, 'the skip link targets <main id="main">');
        }
        if (!f || f.kb === null) break; // left the page (browser UI) or wrapped round
        if (seen.has(f.kb)) break;
        seen.add(f.kb);
        assert.ok(f.outline || f.shadow, `${entry[1]}: no visible focus on ${f.tag} "${f.text}"`);
        assert.ok(f.onScreen, `${entry[1]}: focused ${f.tag} "${f.text}" is off screen`);
      }
      assert.ok(focusables > 5, `${entry[1]}: only ${focusables} focusable elements`);
      assert.equal(seen.size, focusables, `${entry[1]}: Tab reached ${seen.size} of ${focusables} links and controls`);
    });
  }
  // The skip link moves the focus to the main content.
  await page.goto(server.url(ARTICLE));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.ok(page.url().endsWith('#main'));
  const inMain = await page.evaluate(() => document.querySelector('main:target') !== null);
  assert.ok(inMain, 'main is the target of the skip link');
  await ctx.close();
});

async function bodyTextSize(page) {
  return page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main .content p') || document.querySelector('main p') || document.body).fontSize));
}

async function colours(page) {
  return page.evaluate(() => {
    const b = getComputedStyle(document.body);
    const m = getComputedStyle(document.querySelector('main'));
    const a = getComputedStyle(document.querySelector('main a') || document.querySelector('a'));
    return { bodyBg: b.backgroundColor, mainBg: m.backgroundColor, text: m.color, link: a.color };
  });
}

test('elderly readers: large text and high contrast persist across pages', async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(server.url(ARTICLE));
  const normal = await bodyTextSize(page);
  const normalColours = await colours(page);

  // Large text: one click, then another page by following a link.
  const large = page.locator('[data-pref=large]');
  assert.equal(await large.getAttribute('aria-pressed'), 'false');
  await large.click();
  assert.equal(await large.getAttribute('aria-pressed'), 'true');
  assert.ok((await bodyTextSize(page)) / normal >= 1.5, 'large text at once');
  await Promise.all([page.waitForURL(/\/news\/$/), page.locator('.site-nav a', { hasText: '人大要闻' }).click()]);
  assert.ok((await bodyTextSize(page)) / (normal) >= 1.45, 'large text persists on the section page');
  await page.goto(server.url(ARTICLE));
  const ratio = (await bodyTextSize(page)) / normal;
  assert.ok(ratio >= 1.5, `large text persists: ${ratio.toFixed(2)}× body text`);
  assert.equal(await page.locator('[data-pref=large]').getAttribute('aria-pressed'), 'true');

  // Applied before the first paint: the class is on <html> before <body> exists.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body) { window.__classAtBody = document.documentElement.className; obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url('/'));
  assert.match(await page.evaluate(() => window.__classAtBody), /gk-large/, 'mode applied before <body> is parsed');

  // Narrow phone in large text: still no sideways scroll on any page.
  await page.setViewportSize({ width: 360, height: 800 });
  for (const [, p, , opts = {}] of PAGES) {
    if (opts.optional) continue;
    await page.goto(server.url(p));
    await noHorizontalScroll(page, `${p} at 360 px, large text`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // High contrast: the same, and axe still passes on every page.
  await page.goto(server.url(ARTICLE));
  await page.locator('[data-pref=contrast]').click();
  await page.goto(server.url('/'));
  const hc = await colours(page);
  assert.notDeepEqual(hc, normalColours);
  assert.equal(hc.bodyBg, 'rgb(0, 0, 0)');
  assert.equal(hc.mainBg, 'rgb(0, 0, 0)');
  assert.equal(hc.text, 'rgb(255, 255, 255)');
  assert.equal(hc.link, 'rgb(255, 235, 59)');
  for (const [width, size] of [[1280, 900], [360, 800]]) {
    await page.setViewportSize({ width, height: size });
    for (const [, p, , opts = {}] of PAGES) {
      if (opts.optional) continue;
      await page.goto(server.url(p));
      await axe(page, `${p} in high contrast and large text at ${width} px`);
    }
  }

  // Both off again: back to normal everywhere.
  await page.locator('[data-pref=large]').click();
  await page.locator('[data-pref=contrast]').click();
  await page.goto(server.url(ARTICLE));
  assert.equal(await bodyTextSize(page), normal);
  assert.deepEqual(await colours(page), normalColours);
  await ctx.close();
});

test('elderly readers without JavaScript: the mode links work on the page', async () => {
  const ctx = await context({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url(ARTICLE));
  const normal = await bodyTextSize(page);
  await page.locator('[data-pref=large]').click();
  assert.ok(page.url().endsWith('#gk-large'));
  assert.ok((await bodyTextSize(page)) / normal >= 1.5, 'large text without JavaScript');
  await page.locator('[data-pref=contrast]').click();
  assert.equal((await colours(page)).mainBg, 'rgb(0, 0, 0)', 'high contrast without JavaScript');
  await ctx.close();
});

test('light: an article is under 30 KB gzipped, reads without JavaScript, stays on the site', async () => {
  const ctx = await context({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  const bodies = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => ({ url: r.url(), type: r.request().resourceType(), bytes: b }))));
  await page.goto(server.url(ARTICLE), { waitUntil: 'networkidle' });
  const loaded = await Promise.all(bodies);
  const types = new Set(loaded.map((l) => l.type));
  assert.ok(types.has('document') && types.has('stylesheet'), `loaded ${[...types]}`);
  const gz = loaded.reduce((n, l) => n + zlib.gzipSync(l.bytes, { level: 9 }).length, 0);
  const raw = loaded.reduce((n, l) => n + l.bytes.length, 0);
  console.log(`article: ${loaded.length} responses, ${raw} bytes, ${gz} bytes gzipped`);
  assert.ok(gz < 30 * 1024, `article with its CSS is ${gz} bytes gzipped (limit 30 KB)`);
  for (const l of loaded) assert.ok(l.url.startsWith(server.origin + '/'), `request off the site: ${l.url}`);
  await assert.doesNotReject(page.locator('main h1').waitFor({ state: 'visible', timeout: 2000 }));
  const para = page.locator('main .content p').first();
  assert.ok(await para.isVisible(), 'the article text is visible without JavaScript');
  assert.ok((await para.innerText()).length > 20);
  await ctx.close();
});

test('print: navigation hidden, link URLs shown, a real PDF', async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(server.url(ARTICLE));
  const screen = await page.evaluate(() => getComputedStyle(document.querySelector('.site-nav')).display);
  assert.notEqual(screen, 'none');
  await page.emulateMedia({ media: 'print' });
  const print = await page.evaluate(() => {
    const hidden = (sel) => [...document.querySelectorAll(sel)].every((e) => getComputedStyle(e).display === 'none');
    const ext = document.querySelector('main a[href^="http"]');
    const footer = document.querySelector('.site-footer a[href^="http"]');
    return {
      nav: hidden('.site-nav'), crumbs: hidden('.breadcrumbs'), prefs: hidden('.prefs'), skip: hidden('.skip-link'),
      ext: ext && getComputedStyle(ext, '::after').content, href: ext && ext.href,
      footer: footer && getComputedStyle(footer, '::after').content,
    };
  });
  assert.ok(print.nav && print.crumbs && print.prefs && print.skip, `hidden in print: ${JSON.stringify(print)}`);
  assert.ok(print.ext && print.ext.includes('http://www.npc.gov.cn/'), `a content link shows its URL: ${print.ext}`);
  assert.ok(!print.footer || print.footer === 'none', `footer links show no URL: ${print.footer}`);
  // The reading modes are for the screen: print stays black on white, normal size.
  await page.emulateMedia({ media: 'screen' });
  const plain = await bodyTextSize(page);
  await page.locator('[data-pref=large]').click();
  await page.locator('[data-pref=contrast]').click();
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => [getComputedStyle(document.querySelector('main')).backgroundColor,
    getComputedStyle(document.querySelector('main .content p')).color, parseFloat(getComputedStyle(document.querySelector('main .content p')).fontSize)]);
  assert.notEqual(printed[0], 'rgb(0, 0, 0)', 'high contrast is not printed');
  assert.equal(printed[1], 'rgb(0, 0, 0)', 'print text is black');
  assert.ok(printed[2] <= plain, `large text is not printed (${printed[2]}px)`);
  await page.emulateMedia({ media: 'screen' });
  await page.locator('[data-pref=large]').click();
  await page.locator('[data-pref=contrast]').click();
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(SHOTS, 'article.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.length > 20 * 1024, `PDF is only ${pdf.length} bytes`);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 5, `PDF has ${pages} pages`);
  await ctx.close();
});

test('no request left the site', () => {
  assert.deepEqual(offsite, []);
});

// Search in the browser: the results of /search/?q=… in the order of the Rust
// engine (examples/search_query, which tests/browser/search-engine.test.mjs
// holds to the same algorithm as search-core.js), facet counts, <mark>ed
// snippets, and a clear message when nothing is found.
test('search: results in the engine\'s order, facet counts, highlighted snippets', async () => {
  const index = (rel) => path.join(site.dir, 'search', rel);
  // meta.bin: gzip of a varint length and the meta's JSON, then binary.
  const plain = zlib.gunzipSync(fs.readFileSync(index('meta.bin')));
  let [length, at, scale] = [0, 0, 1];
  for (;; scale *= 128) {
    const byte = plain[at++];
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
  }
  const meta = JSON.parse(plain.subarray(at, at + length).toString('utf8'));
  // Text chunks are JSON in UTF-16LE (index format 4 and later), blobs of
  // packs (format 9): where each is, the shipped engine reads from meta.bin.
  const core = fs.readFileSync(path.join(site.dir, 'js/search-core.js'), 'utf8');
  const { openIndex } = await import(`data:text/javascript,${encodeURIComponent(core)}`);
  const { where } = await openIndex(async (rel) => new Uint8Array(fs.readFileSync(index(rel))));
  const chunk = (k) => {
    const at = where.get(`c/${k}.bin`);
    return fs.readFileSync(index(at.pack)).subarray(at.start, at.end).toString('utf16le');
  };
  const row = (id) => JSON.parse(chunk(Math.floor(id / meta.chunk)))[id % meta.chunk];
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(server.url('/'));
  assert.ok(await page.isVisible('#site-search-q'), 'the header has a search box elsewhere');
  for (const q of ['卫生院', '民主评议', '代表']) {
    const expected = JSON.parse(execFileSync('cargo',
      ['run', '--quiet', '--locked', '--release', '--example', 'search_query', '--', site.dir, q],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    assert.ok(expected.hits.length > 0, `${q}: the demo site has results`);
    await page.goto(server.url(`/search/?q=${encodeURIComponent(q)}`));
    await page.waitForSelector('#search-results li');
    // One search box: the page's, not the header's too.
    assert.equal(await page.isVisible('#site-search-q'), false, 'the header box is hidden on /search/');
    assert.equal(await page.inputValue('#search-q'), q);
    const shown = await page.$$eval('#search-results li', (items) => items.map((li) => ({
      title: li.querySelector('h3').textContent,
      href: li.querySelector('h3 a').getAttribute('href'),
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      snippet: li.querySelector('.search-snippet').textContent.replaceAll('…', ''),
    })));
    const want = expected.hits.slice(0, shown.length).map(([id]) => row(id));
    assert.deepEqual(shown.map((r) => r.title), want.map((r) => r[1]), `${q}: titles in order`);
    assert.deepEqual(shown.map((r) => r.href), want.map((r) => site.basePath + r[0]), `${q}: links`);
    assert.ok(shown.every((r) => r.marks.some((m) => m === q)), `${q}: each result highlights the query`);
    // Rows are [url, title, date, kind, unit, fields, body] (format 8): the
    // snippet is the body's when the body has the query, not the lead's (the
    // unit and the fields: a list of names).
    shown.forEach((r, i) => {
      const lead = [want[i][4], want[i][5]].filter(Boolean).join('\u3000');
      const body = want[i][6];
      const from = body.includes(q) ? body : lead;
      assert.ok(from.includes(r.snippet), `${q}: snippet "${r.snippet}" of ${r.title} from the ${from === body ? 'body' : 'lead'}`);
    });
    const status = await page.textContent('#search-status');
    assert.ok(status.includes(String(expected.hits.length)), `${q}: status "${status}" gives ${expected.hits.length}`);
    const facets = await page.$$eval('.search-facet a', (as) => as.map((a) => a.textContent));
    const total = Object.values(expected.kinds).reduce((a, b) => a + b, 0);
    // 全部 of kinds and 全部 of years: every result (undated ones too).
    assert.equal(facets.filter((f) => f === `全部（${total}）`).length, 2, `${q}: facets ${facets}`);
    for (const [k, n] of Object.entries(expected.kinds)) {
      const label = meta.kinds[Number(k)][1];
      assert.ok(facets.includes(`${label}（${n}）`), `${q}: facet ${label}（${n}） in ${facets}`);
    }
  }
  await page.goto(server.url(`/search/?q=${encodeURIComponent('不存在的词语组合')}`));
  await page.waitForFunction(() => document.querySelector('#search-status').textContent.trim() !== '');
  assert.equal(await page.$$eval('#search-results li', (l) => l.length), 0);
  assert.match(await page.textContent('#search-status'), /没有找到与“不存在的词语组合”相关的内容/);
  // A query of punctuation alone has nothing to look for, and says so.
  await page.goto(server.url(`/search/?q=${encodeURIComponent('，，……')}`));
  await page.waitForFunction(() => document.querySelector('#search-status').textContent.trim() !== '');
  assert.equal(await page.$$eval('#search-results li', (l) => l.length), 0);
  assert.match(await page.textContent('#search-status'), /没有可以查找的文字。请输入汉字、字母或数字/);
  await ctx.close();
});
