/*
 * palisade-verify.js: Express middleware that accepts only requests Palisade forwarded, and tells
 * the app who the caller is. No dependencies beyond Node's own crypto.
 *
 * Palisade (reverse-proxy mode) signs every request it forwards with RFC 9421 HTTP Message
 * Signatures (docs/protocol.md, "Reverse-proxy mode"): label `palisade`, hmac-sha256 with the key in
 * <data-dir>/upstream.key, covering "@method", "@target-uri", "x-palisade-user",
 * "x-palisade-session" and, when it forwards a body, "content-digest"; with created, expires and a
 * nonce. This middleware checks all of it: a direct call, a changed body, a replay, an expired or a
 * malformed signature is answered 401 (problem+json), never a 500.
 *
 *   const palisade = require('./palisade-verify');
 *   app.use(palisade({ keyFile: '/path/to/palisade-data/upstream.key' }));   // any mount point
 *   app.get('/api/items', (req, res) => res.json({ user: req.palisade.user }));
 *
 * The middleware reads the body itself to check it against Content-Digest, so the request's stream
 * is spent when it hands the request on. It fills req.body as Express's parsers would: a JSON body
 * (application/json or *+json) parsed (malformed JSON, or JSON other than an object or an array, is
 * passed to next() as a 400 error, as express.json() does by default), a form
 * (application/x-www-form-urlencoded) as querystring.parse gives it (express.urlencoded({extended:
 * false})), text/* as a string, anything else as a Buffer, no body as {}; the raw bytes are in
 * req.rawBody (parse a nested form with qs from there). Body parsers of the body-parser family mounted
 * after it see the body read and leave req.body as it is. multer reads the request's own stream and
 * finds it spent: parse a multipart body with busboy instead, piping it a stream over req.rawBody
 * (stream.Readable.from([req.rawBody]).pipe(busboy({ headers: req.headers }))). Mount it before the
 * parsers, or give express.json() a verify callback that keeps req.rawBody: a body a parser read
 * before it, without req.rawBody, is refused, since it can no longer be checked.
 * The signature is checked from the headers before the body is read, so a caller without the key
 * cannot make the app wait for or hold a body.
 *
 * Used nonces are remembered in this process: an app run as several processes or instances (PM2,
 * Node's cluster, several containers) needs each nonce checked in one shared place, or a replay
 * within its expiry reaches each process once (this process's memory, which starts empty, takes no signature made
 * more than maxSkewSeconds before the process started); pass nonceStore(nonce, until), which records the nonce
 * until `until`, the first second in which the signature is refused (its expiry plus maxSkewSeconds,
 * plus 1: the signature is still accepted during the second expires + maxSkewSeconds), and answers (or
 * resolves to) whether it was new, e.g. Redis SET key 1 NX EXAT until. A store that fails refuses the
 * call 401 with a detail that names no cause (a store client's error names its server's address, and
 * the caller may be anyone): the error goes to onError(err, req), by default console.error with any
 * user:password@ in a URL taken out.
 *
 * The options are checked when the middleware is made: a wrong one (a maxSkewSeconds read from the
 * environment as a string, an unknown name) throws then, never turns into a 500 or an open door per call.
 * A key file that cannot be read, is empty or holds a line that is no key keeps the keys read before
 * for KEY_FILE_GRACE_SECONDS (a rename, a file half written); after that every call is refused until the
 * file holds keys again, and the log says so once.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const querystring = require('querystring');

const LABEL = 'palisade';
const REQUIRED = ['@method', '@target-uri', 'x-palisade-user', 'x-palisade-session'];
const LIFETIME_SECONDS = 30; // created to expires, as Palisade signs
// how long a key file that cannot be read or holds no key leaves the keys read before in force
const KEY_FILE_GRACE_SECONDS = 5;
const OPTIONS = ['key', 'keys', 'keyFile', 'maxSkewSeconds', 'maxBodyBytes', 'allowUndigestedBodies', 'nonceStore', 'onError'];

/**
 * @param fault what was wrong, for Palisade's reverse proxy, which counts these answers and tells its operator:
 *              'signature' (none, malformed, or another key's), 'expired' (clocks apart), 'nonce', 'body'
 */
function problem(res, detail, fault) {
  const body = JSON.stringify({ type: 'urn:palisade:problem:upstream_signature', title: 'Not forwarded by Palisade',
    status: 401, detail: detail, code: 'upstream_signature' });
  res.statusCode = 401;
  // a 401 names its scheme (RFC 9110)
  res.setHeader('WWW-Authenticate', 'PalisadeUpstream error="' + fault + '"');
  res.setHeader('Content-Type', 'application/problem+json');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Signature-Input for the `palisade` label: components and parameters; null when malformed. */
function parseInput(field) {
  // numbers of at most 15 digits: no longer one is a time Palisade wrote
  const m = /^palisade=\(((?:"[^"\\]*")(?: "[^"\\]*")*)\)((?:;[a-z]+=(?:"[^"\\]*"|\d{1,15}))*)$/.exec(field || '');
  if (!m) return null;
  const components = m[1].split(' ').map((c) => c.slice(1, -1));
  const params = {};
  const re = /;([a-z]+)=("([^"\\]*)"|(\d{1,15}))/g;
  let p;
  while ((p = re.exec(m[2])) !== null) {
    if (params[p[1]] !== undefined) return null;
    params[p[1]] = p[3] !== undefined ? p[3] : Number(p[4]);
  }
  return { components: components, params: params, serialized: field.slice(LABEL.length + 1) };
}

/** The Host as Palisade signs it (and a gateway's decision signs a client's): lower case, no default port. */
function authority(host, scheme) {
  const h = String(host || '').trim().toLowerCase();
  if (scheme === 'http' && h.endsWith(':80')) return h.slice(0, -3);
  if (scheme === 'https' && h.endsWith(':443')) return h.slice(0, -4);
  return h;
}

/** Whether the request says it has a body (a length above 0, or chunks). */
function declaresBody(req) {
  return Number(req.headers['content-length'] || 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function readBody(req, limit, done) {
  if (req.rawBody !== undefined) return done(null, Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.from(req.rawBody));
  if (req.readableEnded || req._body) {
    // read before this middleware, its bytes not kept: an empty body here would let one nothing covers through
    if (declaresBody(req)) return done(new Error('a body parser read the body before palisade-verify: mount palisade-verify first'));
    return done(null, Buffer.alloc(0));
  }
  const chunks = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > limit && !failed) {
      failed = true;
      done(new Error('the body is larger than ' + limit + ' bytes'));
    } else if (!failed) {
      chunks.push(chunk);
    }
  });
  req.on('end', () => { if (!failed) done(null, Buffer.concat(chunks)); });
  req.on('error', (e) => { if (!failed) { failed = true; done(e); } });
}

/** The keys of a key file: base64, one a line; blank lines and lines starting with # left out. */
function readKeys(file) {
  return fs.readFileSync(file, 'ascii').split(/\r?\n/).map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#')).map((line) => Buffer.from(line, 'base64'));
}

/** What tells a key file changed: its time and its size. */
function stampOf(stat) {
  return stat.mtimeMs + ':' + stat.size;
}

/** A store client's error without the user:password of a URL it names (redis://app:secret@host). */
function withoutCredentials(text) {
  return String(text).replace(/\/\/[^\s\/?#@]*@/g, '//***@');
}

/** The options as given, checked once: a wrong type fails the start, not each call (and never opens it). */
function checkedOptions(options) {
  const wrong = (what) => { throw new TypeError('palisade-verify: ' + what); };
  if (options === null || typeof options !== 'object') wrong('the options must be an object');
  for (const name of Object.keys(options)) {
    if (OPTIONS.indexOf(name) < 0) wrong('unknown option ' + JSON.stringify(name) + ' (known: ' + OPTIONS.join(', ') + ')');
  }
  const sources = ['key', 'keys', 'keyFile'].filter((name) => options[name] !== undefined);
  if (sources.length !== 1) wrong('give one of key, keys or keyFile');
  if (options.keyFile !== undefined && (typeof options.keyFile !== 'string' || options.keyFile === '')) {
    wrong('keyFile must be the path of a key file, a string');
  }
  const skew = options.maxSkewSeconds;
  if (skew !== undefined && !(Number.isInteger(skew) && skew >= 0 && skew <= 60)) {
    wrong('maxSkewSeconds must be a whole number of seconds from 0 to 60, not ' + JSON.stringify(skew) + ' (' + typeof skew + ')');
  }
  const limit = options.maxBodyBytes;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    wrong('maxBodyBytes must be a whole number of bytes above 0, not ' + JSON.stringify(limit) + ' (' + typeof limit + ')');
  }
  if (options.allowUndigestedBodies !== undefined && typeof options.allowUndigestedBodies !== 'boolean') {
    wrong('allowUndigestedBodies must be true or false, not ' + JSON.stringify(options.allowUndigestedBodies));
  }
  for (const name of ['nonceStore', 'onError']) {
    if (options[name] !== undefined && typeof options[name] !== 'function') wrong(name + ' must be a function');
  }
  return options;
}

function checked(keys) {
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => Buffer.isBuffer(k) && k.length >= 32)) {
    throw new Error('palisade-verify: each key must be the 32 bytes of an upstream.key');
  }
  return keys;
}

/**
 * @param {object} options  key (Buffer), keys (Buffers), or keyFile (path to upstream.key: base64, one key a line, a
 *                          call signed with any of them accepted; read again within a second of a change, so a
 *                          rotation adds the next key, and later removes the old one, without a restart);
 *                          maxSkewSeconds (default 5): clock difference tolerated between Palisade and the app;
 *                          maxBodyBytes (default 1 MiB): larger bodies are refused;
 *                          allowUndigestedBodies (default false): accept a body the signature does not cover
 *                          (Palisade streams bodies over 64 KiB from API-key callers and to public paths
 *                          without a digest);
 *                          nonceStore(nonce, until) (default: this process's memory), see above;
 *                          onError(err, req) (default console.error): told when the nonce store fails
 */
module.exports = function palisade(options) {
  options = checkedOptions(options === undefined ? {} : options);
  const given = options.keys || (options.key !== undefined ? [options.key] : null);
  let keys = checked(given || readKeys(options.keyFile));
  // seconds on a clock that never steps back: a wall clock set back an hour would stop the re-reads for that hour
  const monotonic = () => Number(process.hrtime.bigint() / 1000000n) / 1000;
  let keysCheckedAt = monotonic();
  let keysStamp = given ? null : stampOf(fs.statSync(options.keyFile));
  let keysFailingSince = null; // when the key file was first found unreadable or without keys; null while it is good
  let keysDropped = false;
  const skew = (options.maxSkewSeconds === undefined ? 5 : options.maxSkewSeconds);
  const limit = options.maxBodyBytes || 1024 * 1024;
  const seen = new Map(); // nonce -> until (s), in the order they came: about the order they expire
  // this process knows no nonce used before it started (rememberedSince)
  let startedAt = Math.floor(Date.now() / 1000);
  const nonceStore = options.nonceStore || firstUse;
  const onError = options.onError
    || ((err) => console.error('palisade-verify: the nonce store failed: ' + withoutCredentials((err && err.stack) || err)));

  /**
   * The keys a signature may be made with: the key file read again when it changed, looked at once a second.
   * A file that cannot be read or holds no key leaves the keys held in force for a moment (a rename, a file half
   * written), then none: a key taken out by deleting or emptying the file must stop working.
   */
  function currentKeys() {
    if (given || monotonic() - keysCheckedAt < 1) return keys;
    keysCheckedAt = monotonic();
    try {
      const stat = fs.statSync(options.keyFile);
      // a file written twice within one tick of the file system's clock keeps its time: read while it is fresh
      if (stampOf(stat) !== keysStamp || Date.now() - stat.mtimeMs < 2000) {
        const stamp = stampOf(stat);
        keys = checked(readKeys(options.keyFile));
        keysStamp = stamp;
        if (keysFailingSince !== null) console.error('palisade-verify: ' + options.keyFile + ' holds keys again: calls are accepted');
        keysFailingSince = null;
        keysDropped = false;
      }
    } catch (e) {
      // whatever is there next is read, even a file put back as it was (mv, a restore: its time and size unchanged)
      keysStamp = null;
      if (keysFailingSince === null) {
        keysFailingSince = keysCheckedAt;
        console.error('palisade-verify: ' + options.keyFile + ' cannot be read (' + e.message + '): the keys held before are used for '
          + KEY_FILE_GRACE_SECONDS + ' s more, then every call is refused until it holds keys');
      } else if (!keysDropped && keysCheckedAt - keysFailingSince >= KEY_FILE_GRACE_SECONDS) {
        keysDropped = true;
        keys = [];
        console.error('palisade-verify: ' + options.keyFile + ' has held no usable key for ' + KEY_FILE_GRACE_SECONDS
          + ' s (' + e.message + '): every call is refused until it holds keys');
      }
    }
    return keys;
  }

  /** This process's memory of used nonces: true the first time a nonce is seen before `until`. */
  function firstUse(nonce, until) {
    const now = Math.floor(Date.now() / 1000);
    // oldest first: this stops at the first still in use, so a busy app does not look at them all
    for (const [old, oldUntil] of seen) {
      if (oldUntil >= now) break;
      seen.delete(old);
    }
    if (until <= now || seen.has(nonce)) return false;
    seen.set(nonce, until);
    return true;
  }

  /**
   * Whether this process's own memory of nonces can judge a signature created at `created`: it knows none used before
   * it started, so one made more than the tolerated clock difference before then may be a replay of a call captured
   * before a restart (a deploy, a crash). A clock stepped back since moves the start back with it.
   */
  function rememberedSince(created) {
    startedAt = Math.min(startedAt, Math.floor(Date.now() / 1000));
    return created >= startedAt - skew;
  }

  return function verifyPalisade(req, res, next) {
    const signed = checkHeaders(req);
    if (signed.fault) return problem(res, signed.detail, signed.fault);
    if (!options.nonceStore && !rememberedSince(signed.created)) {
      return problem(res, 'this signature was made before the app started, whose memory of used nonces begins then', 'nonce');
    }
    // the nonce is taken before the body is read: a replay whose body comes slowly is judged now
    // until: the first second the signature is refused (it is accepted while expires + skew >= now, in whole seconds)
    Promise.resolve().then(() => nonceStore(signed.nonce, signed.expires + skew + 1)).then((fresh) => {
      if (!fresh) return problem(res, 'this signature was already used: a replay', 'nonce');
      readBody(req, limit, (err, body) => {
        if (err) return problem(res, err.message, 'body');
        const why = checkBody(req, body, signed.digestCovered);
        if (why) return problem(res, why, 'body');
        accept(req, res, next, body);
      });
    }, (e) => {
      // the app's own handler may fail, at once or later (an async one whose log sink is away too): the call is
      // refused all the same, and a rejection left unhandled would end the process
      try {
        const told = onError(e, req);
        if (told && typeof told.catch === 'function') told.catch(() => {});
      } catch (ignored) {
        // refused all the same
      }
      problem(res, 'the nonce could not be checked: the nonce store did not answer', 'nonce');
    }).catch((e) => {
      // a throw while the body was taken (another middleware's req.rawBody of another type): refused, where a rejection
      // left unhandled would end the process (audit 52)
      console.error('palisade-verify: the request could not be checked: ' + e.message);
      if (!res.headersSent) problem(res, 'the request could not be checked', 'body');
    });
  };

  /** Hands the request on: the body kept raw and parsed as Express's parsers would, the caller named. */
  function accept(req, res, next, body) {
    req.rawBody = body;
    if (!req._body) {
      const type = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
      if (body.length === 0) {
        req.body = req.body || {};
      } else if (/^application\/([^/]+\+)?json$/.test(type)) {
        try {
          const text = body.toString('utf8');
          // express.json() is strict by default: an object or an array, never null (req.body.name would throw)
          if (!/^[\x20\x09\x0a\x0d]*[{[]/.test(text)) throw new SyntaxError('only an object or an array is accepted');
          req.body = JSON.parse(text);
        } catch (e) {
          // the call is Palisade's; its JSON is the client's: the app's 400, as express.json() answers it
          const err = new Error('the body is not valid JSON: ' + e.message);
          err.status = 400;
          err.statusCode = 400;
          err.expose = true;
          err.type = 'entity.parse.failed';
          return next(err);
        }
      } else if (type === 'application/x-www-form-urlencoded') {
        req.body = querystring.parse(body.toString('utf8')); // an object without a prototype, as urlencoded() gives
      } else if (type.startsWith('text/')) {
        const charset = (/;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type']) || [])[1] || 'utf-8';
        try {
          req.body = new TextDecoder(charset).decode(body);
        } catch (e) {
          const err = new Error('unsupported charset "' + charset.toUpperCase() + '"');
          err.status = 415;
          err.statusCode = 415;
          err.expose = true;
          err.type = 'charset.unsupported';
          return next(err);
        }
      } else {
        req.body = body;
      }
      req._body = true; // the stream is spent: body parsers mounted later must not read it again
    }
    req.palisade = { user: req.headers['x-palisade-user'] || '', session: req.headers['x-palisade-session'] || '' };
    next();
  }

  /**
   * Everything the headers say, before any body is read.
   * @return {fault, detail} when the request is refused, or {nonce, expires, digestCovered}
   */
  function checkHeaders(req) {
    const refused = (fault, detail) => ({ fault: fault, detail: detail });
    const input = parseInput(req.headers['signature-input']);
    if (!input) {
      return refused('signature', 'no Palisade signature (Signature-Input with the label palisade): the request did not come through Palisade');
    }
    const sig = /^palisade=:([A-Za-z0-9+/]+={0,2}):$/.exec(req.headers.signature || '');
    if (!sig) return refused('signature', 'the Signature field is missing or malformed');
    const p = input.params;
    if (p.alg !== 'hmac-sha256' || typeof p.created !== 'number' || typeof p.expires !== 'number'
        || typeof p.nonce !== 'string' || p.nonce.length === 0) {
      return refused('signature', 'the signature needs alg="hmac-sha256", created, expires and a nonce');
    }
    const covered = input.components;
    const digestCovered = covered.indexOf('content-digest') >= 0;
    const expected = digestCovered ? REQUIRED.concat(['content-digest']) : REQUIRED;
    if (covered.length !== expected.length || covered.some((c, i) => c !== expected[i])) {
      return refused('signature', 'the signature must cover ' + REQUIRED.join(', ') + ' (and content-digest with a body), in that order');
    }
    const now = Math.floor(Date.now() / 1000);
    if (p.expires + skew < now) return refused('expired', 'the signature expired');
    if (p.expires < p.created) return refused('signature', 'the signature expires before it was created');
    if (p.created - skew > now) return refused('expired', 'the signature was created in the future');
    // Palisade signs for 30 s: a longer life is not Palisade's, and would keep its nonce for as long
    if (p.expires - p.created > LIFETIME_SECONDS) {
      return refused('signature', "the signature is good for longer than Palisade's " + LIFETIME_SECONDS + ' s');
    }
    if (Number(req.headers['content-length'] || 0) > limit) return refused('body', 'the body is larger than ' + limit + ' bytes');
    // The scheme Palisade signed: in reverse-proxy mode its own connection's to this app; behind a
    // gateway, the client's, which the gateway sends as X-Forwarded-Proto. Either is this request, so
    // either is accepted. Not req.protocol: with 'trust proxy' set it reads X-Forwarded-Proto only.
    const own = req.socket && req.socket.encrypted ? 'https' : 'http';
    const forwarded = String(req.headers['x-forwarded-proto'] || '').split(',')[0].trim().toLowerCase();
    const schemes = (forwarded === 'http' || forwarded === 'https') && forwarded !== own ? [own, forwarded] : [own];
    const presented = Buffer.from(sig[1], 'base64');
    const matches = schemes.some((scheme) => {
      const lines = [
        '"@method": ' + req.method.toUpperCase(),
        '"@target-uri": ' + scheme + '://' + authority(req.headers.host, scheme) + (req.originalUrl || req.url),
        '"x-palisade-user": ' + (req.headers['x-palisade-user'] || ''),
        '"x-palisade-session": ' + (req.headers['x-palisade-session'] || '')
      ];
      if (digestCovered) lines.push('"content-digest": ' + req.headers['content-digest']);
      lines.push('"@signature-params": ' + input.serialized);
      return currentKeys().some((key) => {
        const mac = crypto.createHmac('sha256', key).update(lines.join('\n'), 'utf8').digest();
        return presented.length === mac.length && crypto.timingSafeEqual(presented, mac);
      });
    });
    if (!matches) {
      return refused('signature', 'the signature does not match: the request was changed, or not signed with this upstream.key');
    }
    return { nonce: p.nonce, created: p.created, expires: p.expires, digestCovered: digestCovered };
  }

  /**
   * The sha-256 member of a Content-Digest (RFC 9530: a dictionary; its last sha-256 counts), its base64
   * padded or not, as Palisade reads it; null when the field is malformed or has none.
   */
  function sha256Member(field) {
    let value = null;
    for (const part of field.split(',')) { // no comma inside a member: base64 has none
      const m = /^[ \t]*([a-z*][a-z0-9_.*-]*)=:([A-Za-z0-9+/]*={0,2}):[ \t]*$/.exec(part);
      if (!m) return null;
      if (m[1] === 'sha-256') value = m[2];
    }
    if (value === null || value.length + (-value.length & 3) !== 44) return null;
    const bytes = Buffer.from(value, 'base64');
    return bytes.length === 32 ? bytes : null;
  }

  /** @return why the body is refused, or null */
  function checkBody(req, body, digestCovered) {
    // a session's call always has its body signed by the client, so Palisade digests it; one without a
    // digest passed a gateway that never saw the body: allowUndigestedBodies is for API keys and public paths
    const session = req.headers['x-palisade-session'] || '';
    if (body.length > 0 && !digestCovered && (session !== '' || !options.allowUndigestedBodies)) {
      return 'the request has a body the signature does not cover';
    }
    if (digestCovered) {
      const claimed = sha256Member(req.headers['content-digest'] || '');
      const actual = crypto.createHash('sha256').update(body).digest();
      if (!claimed || claimed.length !== actual.length || !crypto.timingSafeEqual(claimed, actual)) {
        return 'the body does not match its Content-Digest';
      }
    }
    return null;
  }
};
