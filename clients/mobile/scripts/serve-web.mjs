#!/usr/bin/env node
// The web app's server: the exported build (dist/) and, with --api <gateway URL>, the API behind the same origin.
// - serves files from dist/ (or --dir <folder>)
// - unknown paths requested as HTML fall back to index.html (single-page app routing)
// - /api/, /hubs/ (WebSocket upgrades included) and /openapi/ go to the gateway, so the app calls its own origin:
//   no CORS preflight, and headers browsers hide across origins (ETag, Content-Disposition) stay readable
// - /healthz answers 200 once listening (the AppHost's health check)
// - listens on 127.0.0.1, port from `--port <n>`, a bare numeric argument, or env PORT (default 4173)
// Node standard library only.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { port: process.env.PORT, dir: path.join(here, '..', 'dist'), api: process.env.SKILLSWAP_API_URL };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg === '-p') opts.port = argv[++i];
    else if (arg.startsWith('--port=')) opts.port = arg.slice('--port='.length);
    else if (arg === '--dir') opts.dir = path.resolve(argv[++i]);
    else if (arg.startsWith('--dir=')) opts.dir = path.resolve(arg.slice('--dir='.length));
    else if (arg === '--api') opts.api = argv[++i];
    else if (/^\d+$/.test(arg)) opts.port = arg;
    else {
      console.error(`serve-web: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  const port = Number(opts.port ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve-web: invalid port ${opts.port}`);
    process.exit(2);
  }
  return { port, root: path.resolve(opts.dir), api: opts.api ? new URL(opts.api) : null };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const { port, root, api } = parseArgs(process.argv.slice(2));
const proxiedPrefixes = ['/api/', '/hubs/', '/openapi/'];
const isProxied = (url) => api !== null && proxiedPrefixes.some((prefix) => (url ?? '').startsWith(prefix));

/** Forwards one request to the gateway as it came (method, headers, body), and its answer back as it is. */
function proxy(req, res) {
  const upstream = httpRequest(
    { host: api.hostname, port: api.port || 80, method: req.method, path: req.url, headers: { ...req.headers, host: api.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
    }
    res.end(JSON.stringify({ status: 502, title: 'The API is not reachable', detail: `No answer from ${api.origin}.` }));
  });
  req.pipe(upstream);
}
const indexFile = path.join(root, 'index.html');

async function fileAt(filePath) {
  try {
    const s = await stat(filePath);
    if (s.isFile()) return { filePath, size: s.size };
    if (s.isDirectory()) return fileAt(path.join(filePath, 'index.html'));
  } catch {
    // not found
  }
  return null;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

const server = createServer(async (req, res) => {
  if (isProxied(req.url)) return proxy(req, res);
  if (req.url === '/healthz') return send(res, 200, 'ok');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'Method Not Allowed');
  }

  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'Bad Request');
  }

  // Resolve inside root only (no path traversal).
  const target = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
  if (target !== root && !target.startsWith(root + path.sep)) return send(res, 403, 'Forbidden');

  let found = await fileAt(target);
  let spaFallback = false;
  if (!found) {
    // SPA: client-side routes (anything a browser asks for as a page) get index.html.
    const wantsHtml = (req.headers.accept ?? '').includes('text/html') || path.extname(pathname) === '';
    if (wantsHtml) {
      found = await fileAt(indexFile);
      spaFallback = true;
    }
  }
  if (!found) return send(res, 404, 'Not Found');

  const type = MIME[path.extname(found.filePath).toLowerCase()] ?? 'application/octet-stream';
  const hashedAsset = found.filePath.includes(`${path.sep}_expo${path.sep}static${path.sep}`);
  res.writeHead(200, {
    'content-type': type,
    'content-length': found.size,
    'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(spaFallback ? { 'x-spa-fallback': '1' } : {}),
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(found.filePath)
    .on('error', () => res.destroy())
    .pipe(res);
});

// The chat hub's WebSocket: the upgrade request is replayed to the gateway, then bytes flow both ways untouched.
server.on('upgrade', (req, socket, head) => {
  if (!isProxied(req.url)) return socket.destroy();
  const upstream = connect(Number(api.port || 80), api.hostname, () => {
    const headers = Object.entries({ ...req.headers, host: api.host }).map(([name, value]) => `${name}: ${value}`);
    upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
});

server.on('error', (err) => {
  console.error(`serve-web: ${err.message}`);
  process.exit(1);
});

server.listen(port, HOST, async () => {
  const addr = server.address();
  if (!(await fileAt(indexFile))) {
    console.warn(`serve-web: warning: ${indexFile} not found (run \`npm run build:web\` first)`);
  }
  console.log(`serve-web: serving ${root} at http://${HOST}:${addr.port}/${api ? ` with the API of ${api.origin}` : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
