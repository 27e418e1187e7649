// The demo Backbone app: notes, a cart and orders. It becomes a protected client by one line,
// Backbone.sync = client.backboneSync(): palisade.js then bootstraps, logs in and signs every call.
(function ($, _, Backbone) {
  'use strict';

  var lastLogin = null;
  var client = Palisade.create({
    credentials: function () { return lastLogin; }, // log in again after reauth_required
    // a session this page did not log in (kept from an earlier load) ended: the person logs in again by hand
    onSessionLost: function (problem) { offerLogin('Your session ended (' + problem.code + '). '); }
  });
  Backbone.sync = client.backboneSync();

  var itemsOf = function (resp) { return resp && resp.items ? resp.items : resp; };

  var Note = Backbone.Model.extend({ urlRoot: '/api/notes' });
  var Notes = Backbone.Collection.extend({ model: Note, url: '/api/notes', parse: itemsOf });
  var Cart = Backbone.Collection.extend({
    url: '/api/cart',
    parse: itemsOf,
    addItem: function (item, quantity) {
      var cart = this;
      return Backbone.sync('create', new Backbone.Model({ item: item, quantity: quantity }), { url: '/api/cart' })
        .then(function (resp) { cart.reset(itemsOf(resp)); });
    }
  });
  var Order = Backbone.Model.extend({ urlRoot: '/api/orders' });
  var Orders = Backbone.Collection.extend({ model: Order, url: '/api/orders', parse: itemsOf });

  var StatusView = Backbone.View.extend({
    el: '#status',
    show: function (message, isError) {
      this.$el.text(message).toggleClass('error', !!isError);
    },
    failed: function (prefix) {
      var view = this;
      return function (e) { view.show(prefix + (e.code ? e.code + ': ' + e.detail : e.message), true); };
    }
  });
  var status = new StatusView();

  /** A list that re-renders whenever its collection changes; text only, never HTML from the server. */
  var ListView = Backbone.View.extend({
    initialize: function (options) {
      this.describe = options.describe;
      this.empty = options.empty;
      this.listenTo(this.collection, 'update reset sync change', this.render);
    },
    render: function () {
      var view = this;
      view.$el.empty();
      if (view.collection.length === 0) view.$el.append($('<li>').text(view.empty));
      view.collection.each(function (m) { view.$el.append($('<li>').text(view.describe(m))); });
      return view;
    }
  });

  var notes = new Notes();
  var cart = new Cart();
  var orders = new Orders();
  new ListView({ el: '#note-list', collection: notes, empty: 'No notes yet.',
    describe: function (n) { return n.get('title') + (n.get('body') ? ' — ' + n.get('body') : ''); } });
  new ListView({ el: '#cart-list', collection: cart, empty: 'The cart is empty.',
    describe: function (i) { return i.get('quantity') + ' × ' + i.get('item'); } });
  new ListView({ el: '#order-list', collection: orders, empty: 'No orders yet.',
    describe: function (o) {
      return 'Order ' + o.get('id') + ': ' + _.map(o.get('items'), function (i) { return i.quantity + ' × ' + i.item; }).join(', ');
    } });

  var AppView = Backbone.View.extend({
    el: 'body',
    events: {
      'submit #login': 'login',
      'submit #add-note': 'addNote',
      'submit #add-item': 'addItem',
      'click #place-order': 'placeOrder',
      'click #logout': 'logout'
    },
    login: function (event) {
      event.preventDefault();
      var form = event.target;
      var credentials = { username: form.username.value, password: form.password.value };
      client.login(credentials.username, credentials.password).then(function () {
        lastLogin = credentials;
        offered = null;
        form.password.value = '';
        return showApp(credentials.username);
      }).catch(status.failed('Login refused: '));
    },
    addNote: function (event) {
      event.preventDefault();
      var form = event.target;
      notes.create({ title: form.title.value, body: form.body.value }, {
        wait: true,
        success: function () { form.reset(); status.show('Note saved.'); },
        error: function (model, e) { status.failed('Note refused: ')(e); }
      });
    },
    addItem: function (event) {
      event.preventDefault();
      var form = event.target;
      cart.addItem(form.item.value, parseInt(form.quantity.value, 10)).then(function () {
        form.item.value = '';
        status.show('Added to the cart.');
      }, status.failed('Cart refused: '));
    },
    placeOrder: function () {
      // look at the cart first: the server's sequence rule wants GET /api/cart before POST /api/orders
      cart.fetch().then(function () {
        return new Order().save({}, { wait: true });
      }).then(function (order) {
        status.show('Order ' + order.id + ' placed.');
        return Promise.all([cart.fetch(), orders.fetch()]);
      }).catch(status.failed('Order refused: '));
    },
    logout: function () {
      client.logout().then(function (ended) {
        lastLogin = null;
        $('#app').prop('hidden', true);
        $('#login').prop('hidden', false);
        status.show(ended ? 'Logged out.' : 'Logged out here; the server could not be told, so the session ends when it idles out.');
      });
    }
  });
  new AppView();

  function showApp(user) {
    $('#login').prop('hidden', true);
    $('#app').prop('hidden', false);
    status.show('Logged in as ' + user + '.');
    return Promise.all([notes.fetch(), cart.fetch(), orders.fetch()]);
  }

  // the login form offered since the last login: a lost session and its refused calls offer it once
  var offered = null;

  function offerLogin(why) {
    if (offered) return offered;
    why = why || '';
    $('#app').prop('hidden', true);
    status.show(why + 'Proving this is the real client page…');
    offered = client.bootstrap().then(function () {
      $('#login').prop('hidden', false);
      status.show(why + 'Bootstrap proven. Log in to see your notes.');
    }, function (e) {
      // refused (rate_limited, say): the form all the same, whose login bootstraps again by itself
      offered = null;
      $('#login').prop('hidden', false);
      status.failed(why + 'Bootstrap refused (log in to try again): ')(e);
    });
    return offered;
  }

  // a session kept from an earlier load of this page goes on; otherwise prove the bootstrap now
  client.restored.then(function (kept) {
    if (!kept) return offerLogin();
    return showApp(client.user).catch(function () {
      // the kept session ended meanwhile (a refusal that ends it has offered the login already)
      return client.forget().then(function () { return offerLogin(); });
    });
  });
}(jQuery, _, Backbone));
