// The minimal Palisade client page: palisade.js does the bootstrap, login and signing.
(function () {
  'use strict';

  var statusLine = document.getElementById('status');
  var lastLogin = null;
  var client = Palisade.create({
    credentials: function () { return lastLogin; } // re-authentication after a fingerprint change
  });

  function show(message, isError) {
    statusLine.textContent = message;
    statusLine.className = isError ? 'error' : '';
  }

  function failed(prefix) {
    return function (e) { show(prefix + (e.code ? e.code + ': ' + e.detail : e.message), true); };
  }

  function loadNotes() {
    return client.json('/api/notes').then(function (b) {
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
    }, failed('Notes refused: '));
  }

  document.getElementById('login').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var credentials = { username: form.username.value, password: form.password.value };
    client.login(credentials.username, credentials.password).then(function () {
      lastLogin = credentials;
      form.password.value = '';
      form.hidden = true;
      document.getElementById('notes').hidden = false;
      show('Logged in as ' + credentials.username + '.');
      return loadNotes();
    }, failed('Login refused: '));
  });

  document.getElementById('add-note').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    client.json('/api/notes', { method: 'POST', body: JSON.stringify({ title: form.title.value, body: form.body.value }) })
      .then(function () { form.reset(); return loadNotes(); }, failed('Note refused: '));
  });

  document.getElementById('logout').addEventListener('click', function () {
    client.logout().then(function () {
      lastLogin = null;
      show('Logged out. Reload the page to log in again.');
      document.getElementById('notes').hidden = true;
    });
  });

  client.bootstrap().then(function () {
    document.getElementById('login').hidden = false;
    show('Bootstrap proven. Log in to see your notes.');
  }, failed('Bootstrap refused: '));
}());
