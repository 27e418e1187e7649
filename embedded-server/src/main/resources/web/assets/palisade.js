/*
 * palisade.js: the client half of Palisade. No build step, no dependencies.
 *
 * - reads the page nonce the server put in <meta name="palisade-nonce">, redeems it at
 *   POST /auth/bootstrap, and logs in with the ticket;
 * - keeps the access token and the per-session signing key in memory only (the key is imported
 *   into WebCrypto as non-extractable and the raw form dropped);
 * - signs every API call as RFC 9421 HTTP Message Signatures (hmac-sha256, created, nonce,
 *   Content-Digest for bodies), exactly as docs/protocol.md describes;
 * - on 401 reauth_required asks the app for credentials again (options.credentials) and retries once;
 * - offers a fetch wrapper (client.fetch) and a Backbone.sync adapter (client.backboneSync()).
 */
(function (global) {
  'use strict';

  var encoder = new TextEncoder();

  function base64(bytes) {
    var s = '';
    var view = new Uint8Array(bytes);
    for (var i = 0; i < view.length; i++) s += String.fromCharCode(view[i]);
    return btoa(s);
  }

  function base64UrlDecode(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function randomNonce() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** A refusal from the server: code and detail from its problem+json body. */
  function PalisadeError(status, problem) {
    this.name = 'PalisadeError';
    this.status = status;
    this.code = (problem && problem.code) || ('http_' + status);
    this.detail = (problem && problem.detail) || ('HTTP ' + status);
    this.message = this.code + ': ' + this.detail;
  }
  PalisadeError.prototype = Object.create(Error.prototype);

  function problemOf(response) {
    return response.json().then(function (p) { return new PalisadeError(response.status, p); },
      function () { return new PalisadeError(response.status, null); });
  }

  function pageNonceFrom(doc) {
    var meta = doc.querySelector('meta[name="palisade-nonce"]');
    return meta ? meta.getAttribute('content') : null;
  }

  function Client(options) {
    this.options = options || {};
    this.base = this.options.base || '';
    this.pageNonce = pageNonceFrom(document);
    this.ticket = null;
    this.token = null;
    this.sessionId = null;
    this.key = null;
    this.clockOffset = 0;
  }

  Client.prototype.postJson = function (path, body, bearer) {
    var headers = { 'Content-Type': 'application/json' };
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    return fetch(this.base + path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'omit' });
  };

  /** Redeems the page nonce (or fetches the client page again for a fresh one) for a bootstrap ticket. */
  Client.prototype.bootstrap = function () {
    var self = this;
    var nonce = self.pageNonce ? Promise.resolve(self.pageNonce) : self.freshPageNonce();
    self.pageNonce = null; // a page nonce works once
    return nonce.then(function (n) {
      if (!n) throw new PalisadeError(0, { code: 'no_bootstrap', detail: 'this page carries no page nonce' });
      return self.postJson('/auth/bootstrap', { pageNonce: n });
    }).then(function (r) {
      if (!r.ok) return problemOf(r).then(function (e) { throw e; });
      return r.json().then(function (b) { self.ticket = b.bootstrapTicket; return b; });
    });
  };

  /** Serving the client page mints a nonce; a legitimate client may simply load it again. */
  Client.prototype.freshPageNonce = function () {
    return fetch(this.base + '/', { credentials: 'omit', cache: 'no-store' }).then(function (r) { return r.text(); })
      .then(function (html) { return pageNonceFrom(new DOMParser().parseFromString(html, 'text/html')); });
  };

  Client.prototype.login = function (username, password) {
    var self = this;
    var ready = self.ticket ? Promise.resolve() : self.bootstrap();
    return ready.then(function () {
      return self.postJson('/auth/login', { username: username, password: password, bootstrapTicket: self.ticket });
    }).then(function (r) {
      if (!r.ok) return problemOf(r).then(function (e) { throw e; });
      self.ticket = null;
      var serverDate = Date.parse(r.headers.get('Date') || '');
      if (!isNaN(serverDate)) self.clockOffset = Math.round((serverDate - Date.now()) / 1000);
      return r.json().then(function (b) {
        self.token = b.accessToken;
        self.sessionId = b.sessionId;
        var raw = base64UrlDecode(b.signingKey);
        return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
          .then(function (key) {
            raw.fill(0);
            self.key = key;
            return { sessionId: b.sessionId, expiresIn: b.expiresIn };
          });
      });
    });
  };

  Client.prototype.loggedIn = function () { return !!this.token; };

  /** The RFC 9421 headers for one request (docs/protocol.md, "Signed requests"). */
  Client.prototype.sign = function (method, url, bodyText) {
    var self = this;
    var u = new URL(url, global.location.href);
    var components = ['@method', '@authority', '@path'];
    if (u.search.length > 0) components.push('@query');
    components.push('authorization');
    var bytes = bodyText ? encoder.encode(bodyText) : null;
    var digest = bytes && bytes.length ? crypto.subtle.digest('SHA-256', bytes) : Promise.resolve(null);
    return digest.then(function (d) {
      var contentDigest = d ? 'sha-256=:' + base64(d) + ':' : null;
      if (contentDigest) components.push('content-digest');
      var created = Math.floor(Date.now() / 1000) + self.clockOffset;
      var params = '(' + components.map(function (c) { return '"' + c + '"'; }).join(' ') + ')' +
        ';created=' + created + ';keyid="' + self.sessionId + '";alg="hmac-sha256";nonce="' + randomNonce() + '"';
      var values = {
        '@method': method.toUpperCase(),
        '@authority': u.host.toLowerCase(),
        '@path': u.pathname || '/',
        '@query': u.search,
        'authorization': 'Bearer ' + self.token,
        'content-digest': contentDigest
      };
      var base = components.map(function (c) { return '"' + c + '": ' + values[c]; }).join('\n') +
        '\n"@signature-params": ' + params;
      return crypto.subtle.sign('HMAC', self.key, encoder.encode(base)).then(function (mac) {
        var headers = { 'Signature-Input': 'sig1=' + params, 'Signature': 'sig1=:' + base64(mac) + ':' };
        if (contentDigest) headers['Content-Digest'] = contentDigest;
        return headers;
      });
    });
  };

  /**
   * fetch() for the protected API: adds the token and a fresh signature. Resolves with the Response;
   * on reauth_required it logs in again through options.credentials() and retries once.
   */
  Client.prototype.fetch = function (path, init, retried) {
    var self = this;
    init = init || {};
    var method = (init.method || 'GET').toUpperCase();
    var body = init.body === undefined || init.body === null ? null : String(init.body);
    if (!self.token) return Promise.reject(new PalisadeError(401, { code: 'missing_credentials', detail: 'log in first' }));
    return self.sign(method, self.base + path, body).then(function (sig) {
      var headers = Object.assign({}, init.headers || {}, sig, { Authorization: 'Bearer ' + self.token });
      if (body !== null && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
      return fetch(self.base + path, { method: method, headers: headers, body: body, credentials: 'omit' });
    }).then(function (r) {
      if (r.status !== 401 || retried || typeof self.options.credentials !== 'function') return r;
      return r.clone().json().then(function (p) {
        if (p.code !== 'reauth_required') return r;
        return Promise.resolve(self.options.credentials(p)).then(function (c) {
          self.token = null;
          return self.login(c.username, c.password);
        }).then(function () { return self.fetch(path, init, true); });
      }, function () { return r; });
    });
  };

  /** fetch() that parses JSON answers and turns refusals into a PalisadeError. */
  Client.prototype.json = function (path, init) {
    return this.fetch(path, init).then(function (r) {
      if (r.status === 204) return null;
      if (!r.ok) return problemOf(r).then(function (e) { throw e; });
      return r.json();
    });
  };

  Client.prototype.logout = function () {
    var self = this;
    var token = self.token;
    self.token = null;
    self.key = null;
    return token ? self.postJson('/auth/logout', {}, token) : Promise.resolve();
  };

  /** A Backbone.sync that sends every model and collection call through this client, signed. */
  Client.prototype.backboneSync = function () {
    var self = this;
    var verbs = { create: 'POST', update: 'PUT', patch: 'PATCH', 'delete': 'DELETE', read: 'GET' };
    return function (method, model, options) {
      options = options || {};
      var url = options.url || (typeof model.url === 'function' ? model.url() : model.url);
      var verb = verbs[method];
      var init = { method: verb };
      if (verb === 'POST' || verb === 'PUT' || verb === 'PATCH') {
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
