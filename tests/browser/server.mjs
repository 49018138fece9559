// A tiny static server for a built site, on loopback, mounted under the
// site's base path (e.g. /rd/qingxi/). Not `gongkai serve`, which adds a
// live-reload script to every page: this serves the files exactly as built.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.pdf': 'application/pdf',
};

/** Serves `dir` at http://127.0.0.1:<port><basePath>; resolves to {origin, url(path), close()}. */
export async function serve(dir, basePath) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    const send = (status, body, type) => {
      res.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = async () => {
      const body = await fs.readFile(path.join(root, '404.html')).catch(() => Buffer.from('not found'));
      send(404, body, TYPES['.html']);
    };
    try {
      const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!pathname.startsWith(basePath)) return await notFound();
      let file = path.join(root, pathname.slice(basePath.length));
      if (file !== root && !file.startsWith(root + path.sep)) return await notFound();
      let stat = await fs.stat(file).catch(() => null);
      if (stat && stat.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: pathname + '/' });
          return res.end();
        }
        file = path.join(file, 'index.html');
        stat = await fs.stat(file).catch(() => null);
      }
      if (!stat || !stat.isFile()) return await notFound();
      send(200, await fs.readFile(file), TYPES[path.extname(file)] || 'application/octet-stream');
    } catch {
      send(400, Buffer.from('bad request'), 'text/plain');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + basePath + p.replace(/^\//, ''),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
