/*
 * palisade.js: the client half of Palisade. No build step, no dependencies.
 *
 * - bootstraps from the client page it was served in: solves the page's proof of work in a Web
 *   Worker (<meta name="palisade-work">), runs the page's challenge program against the page's DOM,
 *   reports the automation signals, and redeems the page nonce at POST /auth/bootstrap for a ticket;
 *   when the nonce or the ticket has lapsed it loads the client page again and bootstraps anew;
 * - logs in with an ECDH P-256 key pair whose private half JavaScript cannot read: the session's
 *   signing key is derived on both sides (ECDH → HKDF-SHA256 → HMAC key), never sent, and is a
 *   non-extractable CryptoKey;
 * - keeps the session (token, non-extractable key) in IndexedDB, so a reload continues it until it
 *   expires; logout() deletes it;
 * - signs every API call as RFC 9421 HTTP Message Signatures (hmac-sha256, created, nonce,
 *   Content-Digest for bodies), exactly as docs/protocol.md describes; refreshes the token, signed,
 *   before it expires;
 * - on a 401 that ends the session (reauth_required, session_expired, session_revoked, expired_token,
 *   invalid_token) asks the app for credentials again (options.credentials), ends the old session if
 *   the server still takes its token, logs in and retries once; calls refused at once share that login;
 *   with no credentials to give, forgets the session and tells the app (options.onSessionLost);
 * - offers a fetch wrapper (client.fetch) and a Backbone.sync adapter (client.backboneSync()).
 */
(function (global) {
  'use strict';

  var encoder = new TextEncoder();
  var KEY_INFO = 'palisade signing key v1';
  var DB_NAME = 'palisade';
  var DB_STORE = 'sessions';
  var REFRESH_MARGIN_MS = 60000;
  /** Waits for a cluster's shared state to answer again (state_unavailable) before a call gives up. */
  var STATE_RETRIES = 2;
  /** Refusals after which the session is done for: log in again through options.credentials, then retry once. */
  var RELOGIN_CODES = ['reauth_required', 'session_expired', 'session_revoked', 'expired_token', 'invalid_token'];
  /**
   * Of those, the refusals whose session may still be live: logged out (signed with its key, so a token that
   * no longer verifies still ends it) before the login again, or it would count toward max-sessions until it
   * went idle. After the others the session has ended already.
   */
  var LIVE_SESSION_CODES = ['reauth_required', 'expired_token', 'invalid_token'];
  /** How long a page load waits for the server to say whether a kept session is live, before it keeps it unasked. */
  var RESTORE_WAIT_MS = 5000;
  /**
   * How long the client waits for the server's answer to a request of its own (a page, a bootstrap, a login, a
   * refresh, a logout) unless options.authTimeoutMs says otherwise: a server that takes the connection and never
   * answers held the bootstrap or refresh under way, which every later login and call shares, for ever.
   */
  var AUTH_TIMEOUT_MS = 30000;
  /** Refusals of a logout whose session has ended already: the logout has nothing left to do. */
  var ENDED_CODES = ['session_expired', 'session_revoked'];
  // the nonce this script was admitted by (a page whose Content-Security-Policy admits scripts by one):
  // the scripts it adds later need it too
  var SCRIPT_NONCE = (global.document && global.document.currentScript && global.document.currentScript.nonce) || '';

  function base64(bytes) {
    var s = '';
    var view = new Uint8Array(bytes);
    for (var i = 0; i < view.length; i++) s += String.fromCharCode(view[i]);
    return btoa(s);
  }

  function randomNonce() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /**
   * A refusal from the server, or an API's non-2xx answer to client.json(): code, detail, check, type and
   * errors from its problem+json body, retryAfter (seconds) from its Retry-After, and fromPalisade: whether
   * Palisade refused the call (a problem of type urn:palisade:problem:…, or palisade.js itself before any
   * answer: answered is false), not the API.
   */
  function PalisadeError(status, problem, retryAfter, answered) {
    this.name = 'PalisadeError';
    this.status = status;
    this.code = (problem && problem.code) || ('http_' + status);
    this.detail = (problem && problem.detail) || ('HTTP ' + status);
    this.check = (problem && problem.check) || null;
    this.type = (problem && typeof problem.type === 'string') ? problem.type : null;
    this.errors = (problem && problem.errors) || null;
    this.retryAfter = retryAfter || null;
    this.fromPalisade = answered ? !!this.type && this.type.indexOf('urn:palisade:problem:') === 0 : true;
    this.message = this.code + ': ' + this.detail;
  }
  PalisadeError.prototype = Object.create(Error.prototype);

  function problemOf(response) {
    var seconds = parseInt(response.headers.get('Retry-After'), 10);
    var retryAfter = seconds >= 0 ? seconds : null;
    return response.json().then(function (p) { return new PalisadeError(response.status, p, retryAfter, true); },
      function () { return new PalisadeError(response.status, null, retryAfter, true); });
  }

  function failed(response) {
    return problemOf(response).then(function (e) { throw e; });
  }

  /**
   * A signal that aborts after ms, or as soon as outer does; late() says whether the time ran out. The time runs on
   * after the answer's head: reading its body is within it too.
   */
  function deadline(ms, outer) {
    if (typeof AbortController !== 'function') return { signal: outer, late: function () { return false; } };
    var controller = new AbortController();
    var late = false;
    if (outer && outer.aborted) controller.abort();
    else if (outer) outer.addEventListener('abort', function () { controller.abort(); });
    setTimeout(function () { late = true; controller.abort(); }, ms);
    return { signal: controller.signal, late: function () { return late; } };
  }

  /** promise, but rejected unanswered (status 0) when it failed because the deadline ran out. */
  function withinDeadline(promise, time, path, ms) {
    return promise.catch(function (e) {
      if (!time.late()) throw e;
      throw new PalisadeError(0, { code: 'unanswered',
        detail: 'the server did not answer ' + path + ' within ' + Math.round(ms / 1000) + ' s' });
    });
  }

  function meta(doc, name) {
    var m = doc.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : null;
  }

  /**
   * Page nonces a client of this page redeemed (or tried to): a nonce works once, so a second client created on the
   * same page, which reads the same nonce from the document, loads a fresh page instead of sending it again, a
   * refusal counted against the person's address (audit 50).
   */
  var SPENT_PAGE_NONCES = {};

  /**
   * How old the document may be for its own page nonce to be sent: the nonce lapses with the bootstrap window (30 s
   * by default) from its serving, and one sent late is a refusal counted against the person's address (a session
   * lost minutes after a reload, audit 50). Past this a fresh page is loaded instead.
   */
  var DOCUMENT_NONCE_MS = 20000;

  /**
   * Seconds before a ticket's end (expiresIn) at which it is no longer sent, as the server's clock may count a moment
   * more; a quarter of a short life, so a ticket of 5 s is still used.
   */
  var TICKET_MARGIN_SECONDS = 5;

  /** What a served client page asks of its client: nonce, proof of work, and the DOM its challenge reads. */
  function pageOf(doc) {
    return { nonce: meta(doc, 'palisade-nonce'), work: meta(doc, 'palisade-work'), doc: doc };
  }

  // --- automation signals (docs/protocol.md): self-reported, so they catch careless automation only

  function automationSignals() {
    var nav = global.navigator || {};
    var ua = nav.userAgent || '';
    var brands = (nav.userAgentData && nav.userAgentData.brands) || [];
    return {
      webdriver: nav.webdriver === true,
      headless: /HeadlessChrome/.test(ua) || brands.some(function (b) { return /HeadlessChrome/.test(b.brand); }),
      no_languages: !nav.languages || nav.languages.length === 0
    };
  }

  // --- proof of work, in a worker so the page stays responsive

  function solveWork(base, work) {
    var parts = work.split(':'); // v1:<bits>:<count>:<seed>
    if (parts.length !== 4 || parts[0] !== 'v1') {
      return Promise.reject(new PalisadeError(0, { code: 'work_invalid', detail: 'unknown proof-of-work format ' + work }));
    }
    return newWorker(base).then(function (worker) {
      return new Promise(function (resolve, reject) {
        worker.onmessage = function (e) { worker.terminate(); resolve(e.data); };
        worker.onerror = function (e) {
          worker.terminate();
          reject(new PalisadeError(0, { code: 'work_invalid', detail: 'the proof-of-work worker failed: ' + e.message }));
        };
        worker.postMessage({ seed: parts[3], bits: parseInt(parts[1], 10), count: parseInt(parts[2], 10) });
      });
    });
  }

  /**
   * The proof-of-work worker. A page from another origin (a dev server calling Palisade through CORS)
   * may not start a worker from Palisade's origin, so it starts one from the fetched script's text.
   */
  function newWorker(base) {
    var url = new URL(base + '/assets/palisade-work.js', global.location.href);
    if (url.origin === global.location.origin) return Promise.resolve(new Worker(url.href));
    return fetch(url.href, { credentials: 'omit' }).then(function (r) { return r.text(); }).then(function (code) {
      return new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    });
  }

  // --- the page challenge: a program served for this page, run against this page's DOM

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      if (SCRIPT_NONCE) s.nonce = SCRIPT_NONCE;
      s.src = src;
      s.onload = resolve;
      s.onerror = function () {
        reject(new PalisadeError(0, { code: 'challenge_failed', detail: 'the page challenge could not be loaded' }));
      };
      document.head.appendChild(s);
    });
  }

  function answerChallenge(base, page) {
    var registered = function () { return (global.PalisadeChallenges || {})[page.nonce]; };
    var ready = registered() ? Promise.resolve() : loadScript(base + '/assets/challenge/' + page.nonce + '.js');
    return ready.then(function () {
      var program = registered();
      if (!program) throw new PalisadeError(0, { code: 'challenge_failed', detail: 'the page challenge did not register' });
      try {
        return program(page.doc);
      } catch (e) {
        throw new PalisadeError(0, { code: 'challenge_failed', detail: String(e && e.message || e) });
      }
    });
  }

  /**
   * Why this page cannot log in, or null: browsers give Web Crypto (crypto.subtle) only to secure
   * contexts, https pages and http ones on localhost, and palisade.js cannot agree a key or sign without it.
   */
  function insecure() {
    if (global.crypto && global.crypto.subtle) return null;
    return new PalisadeError(0, { code: 'insecure_context', detail: 'this page came over plain http from '
      + global.location.host + ', and browsers give Web Crypto (crypto.subtle) only to https pages and pages on'
      + ' localhost: palisade.js cannot agree a key or sign here. Serve the page over https (palisade-server'
      + ' --tls-cert and --tls-key, or --tls-self-signed while developing).' });
  }

  // --- key agreement (docs/protocol.md, "Key agreement")

  function newKeyPair() {
    // the private key is not extractable: no script on the page can read it
    return crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveKey']);
  }

  function signingKey(privateKey, serverKey, sessionId) {
    var jwk = { kty: 'EC', crv: 'P-256', x: serverKey.x, y: serverKey.y, ext: true };
    return crypto.subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, false, [])
      .then(function (server) {
        // straight into HKDF: the shared secret never becomes a value JavaScript can read
        return crypto.subtle.deriveKey({ name: 'ECDH', public: server }, privateKey, { name: 'HKDF' }, false, ['deriveKey']);
      }).then(function (secret) {
        return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(sessionId),
          info: encoder.encode(KEY_INFO) }, secret, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
      });
  }

  // --- the session in IndexedDB (CryptoKeys are stored as they are, still not extractable)

  function withStore(mode, action) {
    if (!global.indexedDB) return Promise.resolve(null);
    return new Promise(function (resolve, reject) {
      var open = global.indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(DB_STORE); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result;
        try {
          var tx = db.transaction(DB_STORE, mode);
          var request = action(tx.objectStore(DB_STORE));
          tx.oncomplete = function () { db.close(); resolve(request ? request.result : null); };
          tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
        } catch (e) {
          db.close();
          reject(e); // outside the executor a throw would leave the promise (and restored, and logout) pending
        }
      };
    }).catch(function () { return null; }); // storage refused (e.g. a private window): the session lives in memory only
  }

  /**
   * The caller's headers (an object, pairs or a Headers) with ours on top, as a plain object: a caller's
   * header of the same name in another case (authorization, signature) is replaced, never sent beside ours.
   */
  function headersWith(given, own) {
    var headers = {};
    new Headers(given || {}).forEach(function (value, name) { headers[name] = value; }); // names in lower case
    Object.keys(own).forEach(function (name) {
      delete headers[name.toLowerCase()];
      headers[name] = own[name];
    });
    return headers;
  }

  /** Backbone's options.data as a query: a string as it is, an object as Backbone's own sync would send it. */
  function queryOf(data) {
    if (typeof data === 'string') return data;
    var $ = global.Backbone && global.Backbone.$;
    if ($ && $.param) return $.param(data);
    return Object.keys(data).map(function (name) {
      var value = data[name];
      return encodeURIComponent(name) + '=' + encodeURIComponent(value === null || value === undefined ? '' : value);
    }).join('&');
  }

  function Client(options) {
    this.options = options || {};
    this.base = this.options.base || '';
    this.storageKey = 'session ' + global.location.origin + this.base;
    this.page = pageOf(document);
    this.ticket = null;
    this.ticketLapsesAt = 0; // Date.now() past which the ticket is not sent: the server would refuse it no_bootstrap
    this.bootstrapping = null; // the bootstrap under way, which a login waits for rather than proving a second page
    this.token = null;
    this.tokenExpiresAt = 0;
    this.tokenLifetime = 0; // ms, as the last login or refresh gave it: the refresh margin is a share of it
    this.sessionId = null;
    this.user = null;
    this.key = null;
    this.clockOffset = 0;
    // the server's second before which it takes no signature: a server restarted quickly, or with its clock set back,
    // refuses those created up to the newest second its last run took (stale, with Retry-After: how far ahead it is)
    this.signedFrom = 0;
    this.lastBootstrap = null;
    // forget() counts up: a refresh or login that began before it and ends after it is dropped
    this.epoch = 0;
    // logout() calls, counted as they are made (forget() runs later, once the kept session is read): a login
    // or a call made before one must not open a session after it, one made after it must
    this.logouts = 0;
    this.refreshing = null; // the one refresh under way, which every call that wants one waits for
    this.relogging = null; // the one login again under way, {sessionId it replaces, promise}, which every call waits for
    // the refusal that ended the session when the login again after it failed: the next call asks for credentials again
    this.lostSession = null;
    this.loggingOut = null; // the logout() under way, which a login() waits for
    // the app's login() under way: {username, password, logouts, done, settled}; a call without a session waits for
    // it (settled), and the same login() again shares it (done)
    this.loggingIn = null;
    this.endingKept = null; // the logout of a kept session found ended at restore, which a login() waits for
    this.restored = this.restore();
    if (insecure() && global.console) global.console.error('palisade.js: ' + insecure().detail);
  }

  /** Picks up the session a previous load of the page left in IndexedDB; resolves with whether there was one. */
  Client.prototype.restore = function () {
    var self = this;
    var epoch = self.epoch;
    return withStore('readonly', function (store) { return store.get(self.storageKey); }).then(function (saved) {
      // logged out, or logged in anew, while the store was read: what it held is no longer the session
      if (!saved || !saved.token || self.epoch !== epoch || self.token) return false;
      if (saved.tokenExpiresAt <= Date.now()) {
        self.waitForEnding(self.endExpired(saved));
        return false;
      }
      self.take(saved);
      return self.stillLive();
    });
  };

  /** Holds the session saved, as read from IndexedDB. */
  Client.prototype.take = function (saved) {
    this.token = saved.token;
    this.tokenExpiresAt = saved.tokenExpiresAt;
    this.tokenLifetime = saved.tokenLifetime || 0;
    this.sessionId = saved.sessionId;
    this.user = saved.user;
    this.key = saved.key;
    this.clockOffset = saved.clockOffset || 0;
  };

  /**
   * Takes the session another tab of this origin keeps in IndexedDB in place of held's, which a refusal just ended:
   * the refusals that end a session (a network change, a browser update, an operator's revoke) end it in every tab
   * that holds it, and the tab that logged in again first saved its new session there; the others go on with it
   * rather than ask their person to log in once more, and open a session each. Resolves true once taken.
   */
  Client.prototype.adoptKept = function (held) {
    var self = this;
    var epoch = self.epoch;
    return withStore('readonly', function (store) { return store.get(self.storageKey); }).then(function (saved) {
      if (!saved || !saved.token || !saved.key || saved.sessionId === held.sessionId) return false;
      if (saved.tokenExpiresAt <= Date.now()) return false;
      // the origin keeps one session for every tab: one of another user (bob logged in in another tab) is not this
      // tab's person's, whose calls would go as bob's (the session review)
      if (saved.user !== self.user) return false;
      // this client moved on meanwhile (a login, a logout): what it holds now is not held's to replace
      if (self.epoch !== epoch || self.sessionId !== held.sessionId) return false;
      self.take(saved);
      self.lostSession = null;
      return true;
    }, function () { return false; });
  };

  /**
   * Whether the session just read from IndexedDB is live on the server: an operator may have revoked it, or it
   * may have idled out, while the page was closed, and restored said true all the same. A refresh asks (and
   * renews the token). Refused with a code after which the session is done for (RELOGIN_CODES), the session
   * is ended where it may still be live, forgotten here, and restored is false; a call then asks
   * options.credentials(), as after a session lost during the visit. Without such an answer (offline, a
   * refusal such as rate_limited) it is kept: true.
   */
  Client.prototype.stillLive = function () {
    var self = this;
    var held = self.held();
    // a server that takes the connection but does not answer must not hold the page (restored, and every call
    // and login waiting on it), nor leave a refresh hanging that later calls would share: at RESTORE_WAIT_MS the
    // refresh is aborted and the session kept unasked
    var deadline = typeof AbortController === 'function' ? new AbortController() : null;
    var signal = deadline ? deadline.signal : undefined;
    var timer = deadline ? setTimeout(function () { deadline.abort(); }, RESTORE_WAIT_MS) : null;
    var mine = []; // the restore's refreshes: the first, and the one after stale
    var settled = false; // the restore has answered: no refresh goes again after it
    var asked = self.refresh(signal).catch(function (e) {
      // a clock moved since the session was kept: the refusal taught the server's (refresh learns it), and the
      // refresh goes once more in the next second, so the calls after it sign right
      if (!(e instanceof PalisadeError) || e.code !== 'stale' || settled || (signal && signal.aborted)) throw e;
      return pause(1050 - Date.now() % 1000, signal).then(function () {
        if (settled) throw e;
        var again = self.refresh(signal);
        mine.push(self.refreshing);
        return again;
      });
    });
    mine.push(self.refreshing);
    // a browser without AbortController, or whose fetch does not heed it: kept all the same a second later, and
    // a refresh of the restore's that still hangs no longer the one later calls share
    var backstop = pause(RESTORE_WAIT_MS + 1000).then(function () {
      if (mine.indexOf(self.refreshing) >= 0) self.refreshing = null;
    });
    return Promise.race([asked, backstop]).then(function () { return true; }, function (e) {
      if (!(e instanceof PalisadeError) || !e.fromPalisade || RELOGIN_CODES.indexOf(e.code) < 0) return true;
      if (self.sessionId !== held.sessionId) return !!self.token; // logged out, or in anew, meanwhile
      self.token = null;
      self.key = null;
      self.sessionId = null;
      self.lostSession = { type: e.type, code: e.code, detail: e.detail, status: e.status, check: e.check };
      self.waitForEnding(self.endLeftBehind(held, e.code));
      return self.forgetKept(held.sessionId).catch(function () {}).then(function () { return false; });
    }).then(function (kept) {
      settled = true;
      if (timer) clearTimeout(timer);
      return kept;
    });
  };

  /**
   * The logout of a kept session found ended at restore, which the app's login() waits for before it opens another
   * (a max-sessions cap in mind): not waited for by restored, nor by a login longer than RESTORE_WAIT_MS, since a
   * logout has no deadline of its own. Its own field: an app's logout() meanwhile must not take its place.
   */
  Client.prototype.waitForEnding = function (logout) {
    var self = this;
    var ending = Promise.race([logout, pause(RESTORE_WAIT_MS)]);
    self.endingKept = ending;
    ending.then(function () { if (self.endingKept === ending) self.endingKept = null; });
  };

  /**
   * A session kept from an earlier visit whose token has expired (the page was closed, or slept, past it):
   * it may still be live on the server, counted by max-sessions until it goes idle, so it is ended with a
   * logout its key signs, and forgotten here unless a newer session took its place meanwhile. Best effort,
   * in the background: a logout refused or lost leaves it to expire.
   */
  Client.prototype.endExpired = function (saved) {
    var self = this;
    // signed with the clock offset that visit learnt: this page has learnt none yet
    var ended = saved.key && saved.sessionId
      ? self.endSession(saved, saved.clockOffset || 0).catch(function () {})
      : Promise.resolve();
    return ended.then(function () {
      return self.forgetKept(saved.sessionId);
    }).catch(function () {});
  };

  /** Deletes the session kept in IndexedDB if it is still sessionId's: a newer one may have taken its place. */
  Client.prototype.forgetKept = function (sessionId) {
    var self = this;
    return withStore('readwrite', function (store) {
      var read = store.get(self.storageKey);
      read.onsuccess = function () {
        if (read.result && read.result.sessionId === sessionId) store.delete(self.storageKey);
      };
      return read;
    });
  };

  Client.prototype.save = function () {
    var self = this;
    var record = { token: self.token, tokenExpiresAt: self.tokenExpiresAt, tokenLifetime: self.tokenLifetime,
      sessionId: self.sessionId, user: self.user, key: self.key, clockOffset: self.clockOffset };
    return withStore('readwrite', function (store) { return store.put(record, self.storageKey); });
  };

  Client.prototype.forget = function () {
    var self = this;
    self.epoch++;
    self.refreshing = null;
    self.relogging = null;
    self.bootstrapping = null; // one that hangs must not hold every later login
    self.lostSession = null;
    self.token = null;
    self.key = null;
    self.sessionId = null;
    return withStore('readwrite', function (store) { return store.delete(self.storageKey); });
  };

  Client.prototype.postJson = function (path, body, bearer) {
    var headers = { 'Content-Type': 'application/json' };
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    return this.ownFetch(path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'omit' });
  };

  /** fetch() of one of the client's own requests to the server (path under base), given up after authTimeoutMs. */
  Client.prototype.ownFetch = function (path, init) {
    var ms = this.authTimeoutMs();
    var time = deadline(ms, init.signal);
    return withinDeadline(fetch(this.base + path, Object.assign({}, init, { signal: time.signal })), time, path, ms);
  };

  Client.prototype.authTimeoutMs = function () {
    // setTimeout fires at once past 2^31-1 ms (Infinity too): every login would be given up unanswered
    return this.options.authTimeoutMs > 0 ? Math.min(this.options.authTimeoutMs, 2147483647) : AUTH_TIMEOUT_MS;
  };

  /**
   * Redeems this page's nonce, with the work solved and the challenge answered, for a bootstrap
   * ticket. If the nonce has lapsed (the page sat open past the bootstrap window), loads the client
   * page again and bootstraps with the fresh one, once.
   */
  Client.prototype.bootstrap = function (again) {
    var self = this;
    if (!again && self.bootstrapping) return self.bootstrapping;
    var page = self.page;
    self.page = null; // a page nonce works once
    if (page && page.nonce && SPENT_PAGE_NONCES[page.nonce]) page = null; // another client of this page used it
    // by the wall clock since the page's navigation: performance.now() stands still while the device sleeps
    if (page && page.doc === global.document && global.performance && global.performance.timeOrigin
        && Date.now() - global.performance.timeOrigin > DOCUMENT_NONCE_MS) {
      page = null; // served too long ago: lapsed, or about to
    }
    if (page && page.nonce) SPENT_PAGE_NONCES[page.nonce] = true;
    var ready = page && page.nonce ? Promise.resolve(page) : self.freshPage();
    var proven = ready.then(function (p) {
      if (!p.nonce) throw new PalisadeError(0, { code: 'no_bootstrap', detail: 'this page carries no page nonce' });
      var started = global.performance ? global.performance.now() : Date.now();
      var debug = self.options.debugToken;
      var work = debug || !p.work ? Promise.resolve(null) : solveWork(self.base, p.work);
      var answer = debug ? Promise.resolve(null) : answerChallenge(self.base, p);
      return Promise.all([work, answer]).then(function (done) {
        var ended = global.performance ? global.performance.now() : Date.now();
        // what the bootstrap cost this person: shown to tools and measured by the benchmarks
        self.lastBootstrap = { millis: Math.round(ended - started), hashes: done[0] ? done[0].hashes : 0 };
        global.Palisade.lastBootstrap = self.lastBootstrap;
        var body = { pageNonce: p.nonce, signals: automationSignals() };
        if (done[0]) body.work = done[0].counters;
        if (done[1]) body.answer = done[1];
        if (debug) body.debugToken = debug;
        return self.postJson('/auth/bootstrap', body);
      });
    }).then(function (r) {
      if (r.ok) {
        return r.json().then(function (b) {
          self.ticket = b.bootstrapTicket;
          var life = b.expiresIn || 0;
          self.ticketLapsesAt = Date.now() + (life - Math.min(TICKET_MARGIN_SECONDS, life / 4)) * 1000;
          return b;
        });
      }
      return problemOf(r).then(function (e) {
        if (e.code === 'no_bootstrap' && !again) return self.bootstrap(true);
        throw e;
      });
    });
    if (again) return proven;
    var over = function () { if (self.bootstrapping === proven) self.bootstrapping = null; };
    proven.then(over, over);
    self.bootstrapping = proven;
    return proven;
  };

  /** Serving a client page mints a nonce with its own work and challenge; a legitimate client loads it again. */
  Client.prototype.freshPage = function () {
    var path = this.options.page || global.location.pathname;
    return this.ownFetch(path, { cache: 'no-store' }).then(function (r) {
      // a page refused (rate_limited, state_unavailable, …) says why; its problem is no page without a nonce
      return r.ok ? r.text() : failed(r);
    }).then(function (html) { return pageOf(new DOMParser().parseFromString(html, 'text/html')); });
  };

  /**
   * Logs in: bootstraps first if no ticket is at hand, agrees the signing key, keeps the session.
   * A ticket that lapsed while the person typed is replaced by a fresh bootstrap, once.
   */
  Client.prototype.login = function (username, password, again, logoutsAtCall) {
    var self = this;
    var unusable = insecure();
    if (unusable) return Promise.reject(unusable);
    // the same login again while it is under way (a double click) is that login: two would open two sessions, the
    // first left live until it idles out
    var same = self.loggingIn;
    if (!again && same && same.username === username && same.password === password && same.logouts === self.logouts) {
      return same.done;
    }
    // a logout() called after this login undoes it, one called before does not (its retry counts from the first call)
    var logouts = logoutsAtCall !== undefined ? logoutsAtCall : self.logouts;
    var pair;
    var ticket; // this login's own: taken from the client, so a second login at once proves its own page
    // a logout() called before this login and still under way (it waits for the kept session) is done first
    var settled = self.restored.catch(function () {}).then(function () {
      return Promise.all([self.loggingOut, self.endingKept]);
    });
    var ready = settled.then(function () {
      // logged out while this login waited: no page, work or session spent on it
      if (self.logouts !== logouts) {
        throw new PalisadeError(0, { code: 'logged_out', detail: 'logout() was called before this login finished' });
      }
      return self.takeTicket();
    });
    var done = ready.then(function (t) {
      ticket = t;
      return newKeyPair();
    }).then(function (kp) {
      pair = kp;
      return crypto.subtle.exportKey('jwk', kp.publicKey);
    }).then(function (jwk) {
      return self.postJson('/auth/login', { username: username, password: password, bootstrapTicket: ticket.value,
        clientKey: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } });
    }).then(function (r) {
      if (!r.ok) {
        return problemOf(r).then(function (e) {
          // a refused login spends its ticket, unless it was throttled: that refusal comes before the
          // ticket is looked at, so the next try (after Retry-After) still holds it
          if (e.code === 'login_throttled' && !self.ticket) {
            self.ticket = ticket.value;
            self.ticketLapsesAt = ticket.lapsesAt;
          }
          // a ticket spent, lapsed or another client's (the network or browser changed since the page): one
          // fresh bootstrap, as the refusal says
          if ((e.code === 'no_bootstrap' || e.code === 'reauth_required') && !again) {
            return self.login(username, password, true, logouts);
          }
          throw e;
        });
      }
      self.learnClock(r);
      return r.json().then(function (b) {
        return signingKey(pair.privateKey, b.serverKey, b.sessionId).then(function (key) {
          if (self.logouts !== logouts) {
            // logged out while this login was under way: the session it opened is ended (before the
            // login is told it failed), not kept
            var opened = { token: b.accessToken, key: key, sessionId: b.sessionId };
            return self.endSession(opened).catch(function () {}).then(function () {
              throw new PalisadeError(0, { code: 'logged_out', detail: 'logout() was called before this login finished' });
            });
          }
          self.key = key;
          self.sessionId = b.sessionId;
          self.user = username;
          self.token = b.accessToken;
          self.tokenExpiresAt = Date.now() + b.expiresIn * 1000;
          self.tokenLifetime = b.expiresIn * 1000;
          self.lostSession = null;
          return self.save();
        }).then(function () { return { sessionId: b.sessionId, expiresIn: b.expiresIn }; });
      });
    });
    if (again) return done;
    // a call made while the app logs in waits for this login, not for credentials() of a login of its own
    var mine = { username: username, password: password, logouts: logouts, done: done,
      settled: done.then(function () {}, function () {}) };
    self.loggingIn = mine;
    mine.settled.then(function () { if (self.loggingIn === mine) self.loggingIn = null; });
    return done;
  };

  /**
   * A ticket for one login alone, taken from the client: the one at hand while in its life (a ticket kept while the
   * person typed for longer is not sent to be refused, a counted refusal), else a bootstrap's. Two logins at once
   * (a double click) shared one single-use ticket, the second refused no_bootstrap: the second proves its own page.
   */
  Client.prototype.takeTicket = function () {
    var self = this;
    var take = function () {
      var t = self.ticket ? { value: self.ticket, lapsesAt: self.ticketLapsesAt } : null;
      self.ticket = null;
      return t;
    };
    if (self.ticket && Date.now() < self.ticketLapsesAt) return Promise.resolve(take());
    return self.bootstrap().then(function () {
      return take() || self.bootstrap(true).then(function () { return take() || { value: null, lapsesAt: 0 }; });
    });
  };

  Client.prototype.learnClock = function (response) {
    var serverDate = Date.parse(response.headers.get('Date') || '');
    // Date names a whole second: taken as its middle, two clocks that agree get offset 0 (not -1 late in a
    // second, which made a retry after a stale refusal sign the refused second again)
    if (!isNaN(serverDate)) this.clockOffset = Math.round((serverDate + 499 - Date.now()) / 1000);
  };

  /**
   * After a stale refusal: takes the server's clock from the refusal, then waits into the next second, so that
   * what is signed again is signed in a second the refused one was not.
   */
  Client.prototype.inNextSecond = function (refusal, signal) {
    this.learnClock(refusal);
    // a restart's floor ahead of the server's clock: signed from it, within the skew window, rather than refused again
    var ahead = parseInt(refusal.headers.get('Retry-After'), 10);
    if (ahead > 0 && ahead <= 300) this.signedFrom = Math.floor(Date.now() / 1000) + this.clockOffset + ahead;
    return pause(1050 - Date.now() % 1000, signal);
  };

  /**
   * Waits ms, or rejects as fetch does (the signal's reason, an AbortError) once signal aborts: a call the app
   * aborted must not sit out palisade.js's own waits (Retry-After, the next second) before it says so.
   */
  function pause(ms, signal) {
    return new Promise(function (resolve, reject) {
      if (signal && signal.aborted) return reject(aborted(signal));
      var timer = setTimeout(function () {
        if (signal) signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      function stop() {
        clearTimeout(timer);
        reject(aborted(signal));
      }
      if (signal) signal.addEventListener('abort', stop, { once: true });
    });
  }

  function aborted(signal) {
    return signal.reason !== undefined ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
  }

  Client.prototype.loggedIn = function () { return !!this.token; };

  /** Throws logged_out when logout() was called since the count was logouts: a call made before it is not sent. */
  Client.prototype.unlessLoggedOutSince = function (logouts) {
    if (this.logouts !== logouts) {
      throw new PalisadeError(0, { code: 'logged_out', detail: 'logout() was called before this call was sent' });
    }
  };

  /** The session's token, key and id as they are now: one request is signed and sent with the same ones. */
  Client.prototype.held = function () {
    return { token: this.token, key: this.key, sessionId: this.sessionId };
  };

  /**
   * A new token for the session, proving possession of its key: signed like an API call. One at a
   * time: while one is under way, every caller gets that one. A refresh that ends after logout() or
   * after a login into another session is dropped.
   */
  Client.prototype.refresh = function (signal) {
    var self = this;
    if (self.refreshing) return self.refreshing;
    var epoch = self.epoch;
    var held = self.held();
    var ms = self.authTimeoutMs();
    var time = deadline(ms, signal);
    var answered = withinDeadline(self.send('/auth/refresh', { method: 'POST', signal: time.signal }, held), time,
      '/auth/refresh', ms);
    var refreshing = answered.then(function (r) {
      self.learnClock(r);
      if (!r.ok) return failed(r);
      return r.json().then(function (b) {
        if (self.epoch !== epoch || self.sessionId !== held.sessionId) return;
        self.token = b.accessToken;
        self.tokenExpiresAt = Date.now() + b.expiresIn * 1000;
        self.tokenLifetime = b.expiresIn * 1000;
        return self.save();
      });
    });
    var over = function () { if (self.refreshing === refreshing) self.refreshing = null; };
    refreshing.then(over, over);
    self.refreshing = refreshing;
    return refreshing;
  };

  /**
   * The RFC 9421 headers for one request (docs/protocol.md, "Signed requests"), signed with held (see
   * held()): the request must send held.token, the token signed, whatever a refresh does meanwhile.
   */
  Client.prototype.sign = function (method, url, body, held, clockOffset) {
    var self = this;
    var u = resolved(url);
    var components = ['@method', '@authority', '@path'];
    // a target with a '?' has a query even with nothing after it ('/api/notes?', whose u.search is ''):
    // fetch sends the '?', and the server asks @query of it
    var hasQuery = u.href.split('#')[0].indexOf('?') >= 0;
    if (hasQuery) components.push('@query');
    components.push('authorization');
    var bytes = body === null || body === undefined ? null : typeof body === 'string' ? encoder.encode(body) : body;
    var digest = bytes && bytes.length ? crypto.subtle.digest('SHA-256', bytes) : Promise.resolve(null);
    return digest.then(function (d) {
      var contentDigest = d ? 'sha-256=:' + base64(d) + ':' : null;
      if (contentDigest) components.push('content-digest');
      var created = Math.max(self.signedFrom,
        Math.floor(Date.now() / 1000) + (clockOffset === undefined ? self.clockOffset : clockOffset));
      var params = '(' + components.map(function (c) { return '"' + c + '"'; }).join(' ') + ')' +
        ';created=' + created + ';keyid="' + held.sessionId + '";alg="hmac-sha256";nonce="' + randomNonce() + '"';
      var values = {
        '@method': method.toUpperCase(),
        '@authority': u.host.toLowerCase(),
        '@path': u.pathname || '/',
        '@query': u.search || '?',
        'authorization': 'Bearer ' + held.token,
        'content-digest': contentDigest
      };
      var base = components.map(function (c) { return '"' + c + '": ' + values[c]; }).join('\n') +
        '\n"@signature-params": ' + params;
      return crypto.subtle.sign('HMAC', held.key, encoder.encode(base)).then(function (mac) {
        var headers = { 'Signature-Input': 'sig1=' + params, 'Signature': 'sig1=:' + base64(mac) + ':' };
        if (contentDigest) headers['Content-Digest'] = contentDigest;
        return headers;
      });
    });
  };

  /**
   * A request body as the bytes fetch would send and the Content-Type it would give them: a string as it is
   * (JSON unless the call says otherwise); FormData, URLSearchParams, a Blob, an ArrayBuffer or a typed array
   * read through a Response, as fetch itself would send them (a form's multipart boundary included), so the
   * digest signed is of the bytes sent. A plain object is refused: fetch would send "[object Object]".
   */
  function bodyOf(body) {
    if (body === undefined || body === null) return Promise.resolve({ bytes: null, type: null });
    if (typeof body === 'string') return Promise.resolve({ bytes: body, type: 'application/json' });
    var proto = Object.getPrototypeOf(body);
    if (Array.isArray(body) || proto === Object.prototype || proto === null) {
      return Promise.reject(new TypeError('client.fetch: the body is a plain object or array; send JSON.stringify(it)'));
    }
    var read = new Response(body);
    return read.arrayBuffer().then(function (buffer) {
      return { bytes: new Uint8Array(buffer), type: read.headers.get('Content-Type') || 'application/octet-stream' };
    });
  }

  /** What of fetch's init a signed call keeps as given: none of these changes what is signed. */
  var PASSED_ON = ['signal', 'cache', 'keepalive', 'priority', 'referrer', 'referrerPolicy', 'integrity'];

  /**
   * One signed request with the session as it is now (or as held), signed and sent with the same token.
   * Cookies go only when init.credentials asks (palisade.js's own calls send none). A redirect is not followed
   * unless init.redirect is 'follow': the browser would send the signature of the first path to the next one,
   * refused bad_signature where that one is protected, so it is refused here as 'redirected'.
   */
  Client.prototype.send = function (path, init, held) {
    var self = this;
    held = held || self.held();
    if (!held.token) return Promise.reject(new PalisadeError(401, { code: 'missing_credentials', detail: 'log in first' }));
    var target;
    try {
      target = self.target(path);
    } catch (e) {
      return Promise.reject(e);
    }
    var method = (init.method || 'GET').toUpperCase();
    var body;
    return bodyOf(init.body).then(function (b) {
      body = b;
      return self.sign(method, target, body.bytes, held);
    }).then(function (sig) {
      var headers = headersWith(init.headers, Object.assign({}, sig, { Authorization: 'Bearer ' + held.token }));
      if (body.bytes !== null && !('content-type' in headers)) headers['Content-Type'] = body.type;
      var request = { method: method, headers: headers, body: body.bytes, credentials: init.credentials || 'omit',
        redirect: init.redirect === 'follow' ? 'follow' : 'manual' };
      PASSED_ON.forEach(function (name) { if (init[name] !== undefined) request[name] = init[name]; });
      return fetch(target, request);
    }).then(function (r) {
      if (r.type !== 'opaqueredirect') return r;
      // the API answered (it may have run the call): not one of Palisade's refusals (answered, no Palisade type)
      throw new PalisadeError(0, { code: 'redirected', detail: method + ' ' + path + ' was answered with a redirect, which'
        + ' palisade.js does not follow: a signed call covers its path. Call the path it names (a missing trailing slash?)' },
        null, true);
    });
  };

  /** The URL a page's fetch(url) goes to: resolved against the document's base (a <base href> too), not its location. */
  function resolved(url) {
    return new URL(url, (global.document && global.document.baseURI) || global.location.href);
  }

  /**
   * The absolute URL of base + path, signed and sent as one. It must stay on the origin of base (of the page,
   * without one): the call carries the session's bearer token, and a path like '//elsewhere.example/x' (or
   * '.elsewhere.example' after a base without a slash) would hand it to another origin.
   */
  Client.prototype.target = function (path) {
    var own = resolved(this.base || '/').origin;
    var u = resolved(this.base + path);
    if (u.origin !== own) {
      throw new TypeError('palisade.js: ' + path + ' leads to ' + u.origin + ', not to ' + own + ', this client\'s origin;'
        + ' a signed call carries the session\'s token, so it goes to its own origin only');
    }
    return u.href;
  };

  /**
   * The problem in r when Palisade refused the call (an application/problem+json of type
   * urn:palisade:problem:…), else null: what the API answered itself (its own 401 with a code of its own,
   * even one named as Palisade's) is the app's, never a reason to log in again or to send a call twice.
   */
  function palisadeProblem(r) {
    if (!/^application\/problem\+json/i.test(r.headers.get('Content-Type') || '')) return Promise.resolve(null);
    return r.clone().text().then(function (text) {
      if (text === '') return challengeProblem(r); // a HEAD answer: no body to read the code from
      var p = JSON.parse(text);
      return p && typeof p.type === 'string' && p.type.indexOf('urn:palisade:problem:') === 0 ? p : null;
    }).catch(function () { return null; });
  }

  /**
   * A bodiless 401 of Palisade's (a refused HEAD call), from the code its WWW-Authenticate names: without it a
   * HEAD refused stale or for a session that ended came back as it was, never signed again nor logged in again.
   */
  function challengeProblem(r) {
    var m = r.status === 401 && /^Bearer realm="palisade", error="invalid_token", error_description="([a-z_]+)"$/
      .exec(r.headers.get('WWW-Authenticate') || '');
    return m ? { type: 'urn:palisade:problem:' + m[1], code: m[1], status: 401, check: null,
      detail: m[1] + ' (a HEAD answer has no body: the code is its WWW-Authenticate\'s)' } : null;
  }

  /**
   * fetch() for the protected API: adds the token and a fresh signature, refreshing the token first
   * when it is about to expire. Resolves with the Response; on reauth_required (or a session or token
   * that ended: RELOGIN_CODES) it logs in again through options.credentials() and retries once. On
   * state_unavailable (a cluster node whose shared state did not answer) it waits as Retry-After says
   * and tries again, at most twice: a call one of Palisade's checks refused never reached the API, so even a POST may go
   * again; one the API itself could not finish (check state or store) is sent again only for GET and HEAD.
   */
  Client.prototype.fetch = function (path, init, retried, waited) {
    var self = this;
    init = init || {};
    // retried: the call went again once after 'stale' (in the next second) and/or once after a login again;
    // each once, so a login again may still follow a retry after stale
    // logouts: logout() calls when the call was made, so that one made since is never undone by a login again
    // adopted: the session another tab saved was taken in place of the one refused (once: refused too, a login again)
    retried = retried || { stale: false, login: false, adopted: false, logouts: self.logouts };
    try {
      self.target(path); // a path to another origin is the app's mistake, told as one whether logged in or not
    } catch (e) {
      return Promise.reject(e);
    }
    if (typeof ReadableStream !== 'undefined' && init.body instanceof ReadableStream) {
      // read whole once: a call sent again (after a login again, or in the next second) needs its body again
      return new Response(init.body).blob().then(function (b) {
        return self.fetch(path, Object.assign({}, init, { body: b }), retried, waited);
      });
    }
    waited = waited || 0;
    var held;
    return self.restored.then(function () {
      // a login again under way: this call goes with the session it opens (unless this tab took another tab's
      // session meanwhile, which it goes with now)
      var relogging = self.relogging;
      return relogging && relogging.sessionId === self.sessionId ? relogging.promise.catch(function () { /* the call says why */ }) : null;
    }).then(function () {
      // the app's own login under way (after restored said false, say): this call goes with its session
      return !self.token && self.loggingIn ? self.loggingIn.settled : null;
    }).then(function () {
      // logged out while this call waited (a login again, Retry-After, the next second): it says so, and it
      // never goes with the session of whoever logs in next (checked again after a refresh, below)
      self.unlessLoggedOutSince(retried.logouts);
      if (!self.token) {
        // a login again that failed (a mistyped password, a throttle, the network) asks for credentials again
        if (!self.lostSession || typeof self.options.credentials !== 'function') {
          throw new PalisadeError(401, { code: 'missing_credentials', detail: 'log in first' });
        }
        return self.loginAgain(self.held(), self.lostSession).then(function (again) {
          if (!again) throw new PalisadeError(401, { code: 'missing_credentials', detail: 'log in first' });
        });
      }
      // a share of a short token's life: a margin longer than the life would refresh before every call
      var margin = Math.min(REFRESH_MARGIN_MS, self.tokenLifetime > 0 ? self.tokenLifetime / 4 : REFRESH_MARGIN_MS);
      if (self.tokenExpiresAt - Date.now() < margin) return self.refresh().catch(function () { /* the call says why */ });
    }).then(function () {
      self.unlessLoggedOutSince(retried.logouts); // logged out during the refresh or the login again
      held = self.held();
      return self.send(path, init, held);
    }).then(function (r) {
      if (r.status === 503 && waited < STATE_RETRIES) {
        return palisadeProblem(r).then(function (p) {
          // refused by one of Palisade's checks: the call never reached the API, so even a POST may go
          // again; refused by the API itself ('state', 'store') only a GET or HEAD is sure to be harmless
          var safe = /^(GET|HEAD)$/i.test(init.method || 'GET');
          if (!p || p.code !== 'state_unavailable' || (!safe && (p.check === 'state' || p.check === 'store'))) return r;
          var seconds = Math.min(10, Math.max(1, parseInt(r.headers.get('Retry-After'), 10) || 2));
          return pause(seconds * 1000, init.signal).then(function () { return self.fetch(path, init, retried, waited + 1); });
        });
      }
      if (r.status !== 401 || retried.login) return r;
      return palisadeProblem(r).then(function (p) {
        if (!p) return r; // the API's own 401
        if (p.code === 'stale') {
          if (retried.stale) return r;
          // the clocks drifted, or the server restarted since this second began: sign again in the next second
          // (with or without credentials: a wrong offset kept from an earlier visit must not stick)
          return self.inNextSecond(r, init.signal).then(function () {
            return self.fetch(path, init, Object.assign({}, retried, { stale: true }), waited);
          });
        }
        // invalid_token as expired_token: a signing-key rotation whose grace is shorter than the token's life
        // ends the token early, and no refresh can help, since a refresh is made with that token
        if (RELOGIN_CODES.indexOf(p.code) < 0) return r;
        // refused because the app logged out while it was on its way (session_revoked): logged out it stays
        if (self.logouts !== retried.logouts) return r;
        var adopting = retried.adopted ? Promise.resolve(false) : self.adoptKept(held);
        return adopting.then(function (adopted) {
          if (self.logouts !== retried.logouts) return r; // logged out while the kept session was read: it holds
          if (adopted) return self.fetch(path, init, Object.assign({}, retried, { adopted: true }), waited);
          if (typeof self.options.credentials !== 'function') {
            self.lose(held, p);
            return r;
          }
          return self.loginAgain(held, p).then(function (again) {
            return again ? self.fetch(path, init, Object.assign({}, retried, { login: true }), waited) : r;
          });
        });
      });
    });
  };

  /**
   * Logs in again after problem (one of RELOGIN_CODES) refused a call signed for held's session, through
   * options.credentials(). One login for every call refused for that session, as one refresh serves every
   * call: one set of credentials asked, one bootstrap, one new session. Resolves true when a new session is in
   * place (the call may go again), false when the app gave no credentials.
   */
  Client.prototype.loginAgain = function (held, problem) {
    var self = this;
    if (self.relogging && self.relogging.sessionId === held.sessionId) return self.relogging.promise;
    // another call logged in again after this one was signed: this one goes again with that session
    if (self.token && self.sessionId !== held.sessionId) return Promise.resolve(true);
    var relogging = { sessionId: held.sessionId };
    var logouts = self.logouts; // a logout while the app asks for credentials (a dialog) holds
    relogging.promise = Promise.resolve(self.options.credentials(problem)).then(function (c) {
      if (self.logouts !== logouts) {
        throw new PalisadeError(0, { code: 'logged_out', detail: 'logout() was called while credentials were asked for' });
      }
      // while the person was asked, another call took the session another tab kept (adoptKept), or the app logged
      // in: the calls go with that one, and logging in again would open one more and delete the one kept for all tabs
      if (self.token && self.sessionId !== held.sessionId) return true;
      if (!c) {
        self.lose(held, problem);
        return false;
      }
      // until a login succeeds there is no session: a reload must not take the one left behind again, and the
      // next call asks for credentials again if this login fails
      self.token = null;
      self.lostSession = problem;
      withStore('readwrite', function (store) { return store.delete(self.storageKey); }).catch(function () {});
      return self.endLeftBehind(held, problem.code).then(function () {
        // a logout while the session left behind was being ended holds too
        if (self.logouts !== logouts) {
          throw new PalisadeError(0, { code: 'logged_out', detail: 'logout() was called while the old session was ended' });
        }
        return self.login(c.username, c.password);
      }).then(function () { return true; });
    });
    var over = function () { if (self.relogging === relogging) self.relogging = null; };
    relogging.promise.then(over, over);
    self.relogging = relogging;
    return relogging.promise;
  };

  /**
   * Forgets held's session, which problem (one of RELOGIN_CODES) says is done for, when no login again takes its
   * place (the app gave no credentials: a session restored after a reload, which the app never logged in, or an
   * app without options.credentials). Kept, every later call was signed with it and refused again, each refusal
   * counted against the person's address, and the app never heard that its person must log in (audit 50). It is
   * ended where it may still be live and forgotten here and in IndexedDB; the next call asks options.credentials()
   * again, or is refused missing_credentials unsent; options.onSessionLost(problem) tells the app, once a session.
   */
  Client.prototype.lose = function (held, problem) {
    var self = this;
    if (!held.token || self.sessionId !== held.sessionId) return; // none held, or another took its place
    self.token = null;
    self.key = null;
    self.sessionId = null;
    self.lostSession = problem;
    self.forgetKept(held.sessionId).catch(function () {});
    self.endLeftBehind(held, problem.code);
    if (typeof self.options.onSessionLost === 'function') {
      try {
        self.options.onSessionLost(problem);
      } catch (e) {
        if (global.console) global.console.error(e); // the app's own mistake: the refusal still goes to its call
      }
    }
  };

  /**
   * Ends the session a login again leaves behind, when it may still be live (LIVE_SESSION_CODES): a live
   * session counts toward max-sessions until it goes idle, so a browser that logged in again often (a
   * network that changes, a User-Agent that updates, a tab asleep past its token) would lock its user out.
   * Best effort: a logout refused, or lost on the network, does not stop the login.
   */
  Client.prototype.endLeftBehind = function (held, code) {
    if (!held.token || LIVE_SESSION_CODES.indexOf(code) < 0) return Promise.resolve();
    return this.endSession(held).then(function () {}, function () {});
  };

  /**
   * POST /auth/logout for held's session, signed with its key as a call is: the server ends the session by
   * its token, or, when the token no longer verifies (expired, or its signing key retired), by the signature.
   */
  Client.prototype.endSession = function (held, clockOffset, retried) {
    var self = this;
    if (!held.key || !held.sessionId) return self.postJson('/auth/logout', {}, held.token);
    return self.sign('POST', self.base + '/auth/logout', '{}', held, clockOffset).then(function (sig) {
      var headers = Object.assign({}, sig, { Authorization: 'Bearer ' + held.token, 'Content-Type': 'application/json' });
      return self.ownFetch('/auth/logout', { method: 'POST', headers: headers, body: '{}', credentials: 'omit' })
        .then(function (r) {
          if (r.status !== 401 || retried) return r;
          return r.clone().json().then(function (p) {
            if (p.code !== 'stale') return r;
            // as a call does: a clock off by more than the skew would otherwise leave the session live until idle
            return self.inNextSecond(r).then(function () { return self.endSession(held, self.clockOffset, true); });
          }, function () { return r; });
        });
    }, function () {
      return self.postJson('/auth/logout', {}, held.token); // a key that cannot sign: the token alone, as before
    });
  };

  /** fetch() that parses JSON answers and turns refusals into a PalisadeError. */
  Client.prototype.json = function (path, init) {
    return this.fetch(path, init).then(function (r) {
      if (r.status === 204) return null;
      if (!r.ok) return failed(r);
      return r.json();
    });
  };

  /**
   * Forgets the session here (IndexedDB included) and ends it on the server. Resolves true when no session of
   * this client is left live (the server ended it, it had ended already, or there was none), false when the
   * server could not be told (the network, a refusal): forgotten here all the same, it ends when it idles out.
   */
  Client.prototype.logout = function () {
    var self = this;
    self.logouts++;
    // a session still being read from IndexedDB (a logout as the page loads) is ended too, not left live
    var out = self.restored.catch(function () {}).then(function () {
      var held = self.held();
      return self.forget().then(function () {
        if (!held.token) return true;
        return self.endSession(held).then(function (r) {
          if (r.ok) return true;
          return palisadeProblem(r).then(function (p) { return !!p && ENDED_CODES.indexOf(p.code) >= 0; });
        }, function () { return false; });
      });
    });
    var done = out.then(function () {}, function () {});
    self.loggingOut = done;
    done.then(function () { if (self.loggingOut === done) self.loggingOut = null; });
    return out;
  };

  /**
   * A Backbone.sync that sends every model and collection call through this client, signed. Like
   * Backbone's own, it sends options.data (in the query of a read, else as the body instead of the
   * model) and options.headers.
   */
  Client.prototype.backboneSync = function () {
    var self = this;
    var verbs = { create: 'POST', update: 'PUT', patch: 'PATCH', 'delete': 'DELETE', read: 'GET' };
    return function (method, model, options) {
      options = options || {};
      var url = options.url || (typeof model.url === 'function' ? model.url() : model.url);
      var verb = verbs[method];
      var init = { method: verb, headers: options.headers };
      var payload = options.data;
      if (verb === 'GET' || verb === 'HEAD') {
        // as jQuery.ajax does for Backbone's own sync: the data goes into the query
        var query = payload === undefined || payload === null ? '' : queryOf(payload);
        if (query) url += (url.indexOf('?') < 0 ? '?' : /[?&]$/.test(url) ? '' : '&') + query;
      } else if (payload !== undefined && payload !== null) {
        init.body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      } else if (verb !== 'DELETE') {
        init.body = JSON.stringify(options.attrs || model.toJSON(options));
      }
      var done = self.json(url, init).then(function (data) {
        if (options.success) options.success(data);
        return data;
      }, function (err) {
        if (options.error) options.error(err);
        throw err;
      });
      // Backbone's create() and save() drop the promise; their error callback has the refusal
      if (options.error) done.catch(function () {});
      model.trigger('request', model, done, options);
      return done;
    };
  };

  global.Palisade = {
    create: function (options) { return new Client(options); },
    Error: PalisadeError
  };
}(window));
