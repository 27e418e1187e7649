// The minimal Palisade client: proves its bootstrap with the page nonce, logs in, and lists notes.
// The token lives only in this closure's memory, never in storage.
(function () {
  'use strict';

  var token = null;
  var ticket = null;
  var statusLine = document.getElementById('status');

  function show(message, isError) {
    statusLine.textContent = message;
    statusLine.className = isError ? 'error' : '';
  }

  function postJson(path, body, bearer) {
    var headers = { 'Content-Type': 'application/json' };
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    return fetch(path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) });
  }

  function problem(response) {
    return response.json().then(function (p) {
      return (p.code || response.status) + ': ' + (p.detail || p.title || 'request refused');
    }, function () { return 'HTTP ' + response.status; });
  }

  function bootstrap() {
    var meta = document.querySelector('meta[name="palisade-nonce"]');
    if (!meta) { show('This page carries no page nonce.', true); return; }
    postJson('/auth/bootstrap', { pageNonce: meta.content }).then(function (r) {
      if (!r.ok) return problem(r).then(function (m) { show('Bootstrap refused: ' + m, true); });
      return r.json().then(function (b) {
        ticket = b.bootstrapTicket;
        document.getElementById('login').hidden = false;
        show('Bootstrap proven. Log in to see your notes.');
      });
    }).catch(function (e) { show('Cannot reach the server: ' + e.message, true); });
  }

  function login(event) {
    event.preventDefault();
    var form = event.target;
    postJson('/auth/login', {
      username: form.username.value, password: form.password.value, bootstrapTicket: ticket
    }).then(function (r) {
      if (!r.ok) return problem(r).then(function (m) { show('Login refused: ' + m, true); });
      return r.json().then(function (b) {
        token = b.accessToken;
        form.password.value = '';
        form.hidden = true;
        document.getElementById('notes').hidden = false;
        show('Logged in as ' + form.username.value + '.');
        return loadNotes();
      });
    });
  }

  function loadNotes() {
    return fetch('/api/notes', { headers: { Authorization: 'Bearer ' + token } }).then(function (r) {
      if (!r.ok) return problem(r).then(function (m) { show('Notes refused: ' + m, true); });
      return r.json().then(function (b) {
        var list = document.getElementById('note-list');
        list.textContent = '';
        b.items.forEach(function (n) {
          var li = document.createElement('li');
          li.textContent = n.title + (n.body ? ' — ' + n.body : '');
          list.appendChild(li);
        });
        if (b.items.length === 0) {
          var empty = document.createElement('li');
          empty.textContent = 'No notes yet.';
          list.appendChild(empty);
        }
      });
    });
  }

  function addNote(event) {
    event.preventDefault();
    var form = event.target;
    postJson('/api/notes', { title: form.title.value, body: form.body.value }, token).then(function (r) {
      if (!r.ok) return problem(r).then(function (m) { show('Note refused: ' + m, true); });
      form.reset();
      return loadNotes();
    });
  }

  function logout() {
    postJson('/auth/logout', {}, token).then(function () {
      token = null;
      show('Logged out. Reload the page to log in again.');
      document.getElementById('notes').hidden = true;
    });
  }

  document.getElementById('login').addEventListener('submit', login);
  document.getElementById('add-note').addEventListener('submit', addNote);
  document.getElementById('logout').addEventListener('click', logout);
  bootstrap();
}());
