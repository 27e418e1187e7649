// A small Express app that trusts only what Palisade forwards:
// node app.js PORT KEYFILE [allow-undigested|store-away|redis-like|clock-stepped-back|OPTIONS-AS-JSON]
'use strict';
const express = require('express');
const palisade = require('../palisade-verify');

const [port, keyFile, option] = process.argv.slice(2);
const app = express();
// as apps behind a proxy are set up: req.protocol and req.ip from X-Forwarded-* sent by loopback
app.set('trust proxy', 'loopback');

/** A shared nonce store as Redis's SET nonce 1 NX EXAT until keeps it: the key gone once its second has begun. */
const redis = new Map(); // nonce -> the millisecond it expires at
function redisSetNxExat(nonce, until) {
  const now = Date.now();
  const kept = redis.get(nonce);
  if (kept !== undefined && now <= kept) return false; // NX: there and not expired
  if (until * 1000 <= now) { // an EXAT already past: Redis answers OK and keeps nothing
    redis.delete(nonce);
    return true;
  }
  redis.set(nonce, until * 1000);
  return true;
}

// the host's clock an hour fast while the app starts, then stepped back (as NTP does)
const wallClock = Date.now;
if (option === 'clock-stepped-back') Date.now = () => wallClock() + 3600 * 1000;
// options as an app may pass them, e.g. {"maxSkewSeconds":"5"} from process.env; with a key of their own, no key file
const given = option && option.startsWith('{') ? JSON.parse(option) : {};
const verify = palisade(Object.assign('key' in given || 'keys' in given ? {} : { keyFile: keyFile },
  { allowUndigestedBodies: option === 'allow-undigested' },
  // a shared nonce store whose server is away, as a Redis client says so
  option === 'store-away'
    ? { nonceStore: () => Promise.reject(new Error('connect ECONNREFUSED 10.20.30.40:6379 (redis://app:hunter2@10.20.30.40:6379)')) }
    : option === 'redis-like' ? { nonceStore: redisSetNxExat } : {},
  given));
Date.now = wallClock;

// a page of the app's own: Palisade fetches it (signed) to serve it with its markup
app.get('/', verify, (req, res) => {
  res.cookie('theme', 'dark', { httpOnly: true });
  res.set('Content-Security-Policy', "default-src 'none'; img-src https:");
  res.type('html').send('<!doctype html><html><head><title>Shop</title></head><body>shop</body></html>');
});
app.get('/old-page', verify, (req, res) => res.redirect(302, '/'));

// the API, guarded at a mount point, as many apps do
const api = express.Router();
api.get('/items', (req, res) => res.json({ user: req.palisade.user, session: req.palisade.session, query: req.query }));
api.get('/files/:name', (req, res) => res.json({ user: req.palisade.user, name: req.params.name, raw: req.originalUrl }));
api.post('/items', (req, res) => res.status(201).json({ user: req.palisade.user, got: req.body }));
api.get('/echo-headers', (req, res) => res.json(req.headers));
// parsers mounted after the middleware, as apps do: they find the body read and leave req.body as it filled it
api.post('/form', express.urlencoded({ extended: false }), (req, res) => res.status(201).json({ got: req.body }));
api.post('/note', express.text(), (req, res) => res.status(201).json({ got: req.body }));
api.post('/cancel', express.json(), (req, res) => res.status(201).json({ got: req.body }));
app.use('/api', verify, api);
// mounted the wrong way round: a body parser reads the body before the middleware can check it
app.post('/misordered', express.json(), verify, (req, res) => res.status(201).json({ got: req.body }));
// another middleware that keeps the body as something else than bytes (a number, by mistake)
app.post('/raw-number', (req, res, next) => { req.rawBody = 42; next(); }, verify, (req, res) => res.status(201).json({}));
app.use((err, req, res, next) => res.status(err.status || 500).json({ error: String(err) }));

app.listen(Number(port), '127.0.0.1', () => console.log('listening on ' + port));
