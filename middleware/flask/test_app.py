"""A small Flask app that trusts only what Palisade forwards:
python3 test_app.py PORT KEYFILE [allow-undigested|store-away|redis-like|clock-stepped-back|OPTIONS-AS-JSON]"""
import json
import os
import sys
import time

from flask import Flask, g, jsonify, make_response, redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix

from palisade_verify import PalisadeVerify

app = Flask(__name__)
# as apps behind a proxy are set up: scheme, host, prefix and address from the X-Forwarded-* headers
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)


@app.before_request
def read_the_form_first():
    """Registered before the middleware, as a CSRF guard may be: it reads the body first on /misordered."""
    if request.path in ("/misordered", "/misordered-kept", "/csrf-guarded"):
        request.form.get("anything")  # a CSRF guard reads the form of every POST, whatever its type
    if request.path == "/misordered-kept":
        request.get_data()  # after the form: the stream is spent, and what is kept is empty
    if request.path == "/misordered-read":
        g.raw = request.stream.read()  # the body read and kept elsewhere


def store_away(nonce, until):
    """A shared nonce store whose server is away, as a Redis client says so."""
    raise ConnectionError("Error 111 connecting to 10.20.30.40:6379 (redis://app:hunter2@10.20.30.40:6379). Connection refused.")


_redis = {}  # nonce -> the millisecond it expires at


def redis_set_nx_exat(nonce, until):
    """A shared nonce store as Redis's SET nonce 1 NX EXAT until keeps it: the key gone once its second has begun."""
    now = int(time.time() * 1000)
    kept = _redis.get(nonce)
    if kept is not None and now <= kept:  # NX: there and not expired
        return False
    if until * 1000 <= now:  # an EXAT already past: Redis answers OK and keeps nothing
        _redis.pop(nonce, None)
        return True
    _redis[nonce] = until * 1000
    return True


option = sys.argv[3] if len(sys.argv) > 3 else ""
# options as an app may pass them, e.g. {"max_skew_seconds": "5"} from os.environ; with a key of their own, no key file
given = json.loads(option) if option.startswith("{") else {}
if "key" not in given and "keys" not in given:
    given["key_file"] = sys.argv[2]
# the host's clock an hour fast while the app starts, then stepped back (as NTP does)
wall_clock = time.time
if option == "clock-stepped-back":
    time.time = lambda: wall_clock() + 3600
PalisadeVerify(app, allow_undigested_bodies=option == "allow-undigested",
               nonce_store={"store-away": store_away, "redis-like": redis_set_nx_exat}.get(option), **given)
time.time = wall_clock


@app.get("/")
def page():
    response = make_response("<!doctype html><html><head><title>Shop</title></head><body>shop</body></html>")
    response.set_cookie("theme", "dark", httponly=True)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    # two policies, as an edge and an app each set one: the browser enforces both
    response.headers.add("Content-Security-Policy", "script-src 'none'")
    response.headers.add("Content-Security-Policy", "frame-ancestors 'none'")
    return response


@app.get("/old-page")
def old_page():
    return redirect("/", 302)


@app.get("/api/items")
def items():
    return jsonify(user=g.palisade_user, session=g.palisade_session, query=request.args.to_dict())


@app.get("/api/files/<name>")
def files(name):
    return jsonify(user=g.palisade_user, name=name, raw=request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI"))


@app.post("/api/items")
def add_item():
    return jsonify(user=g.palisade_user, got=request.get_json()), 201


@app.post("/misordered")
@app.post("/misordered-kept")
def misordered():
    return jsonify(got=request.form.to_dict()), 201


@app.post("/misordered-read")
def misordered_read():
    return jsonify(got=g.raw.decode("latin-1")), 201


@app.post("/csrf-guarded")
def csrf_guarded():
    return jsonify(got=request.get_json()), 201


@app.get("/api/echo-headers")
def echo_headers():
    return jsonify({k.lower(): v for k, v in request.headers.items()})


if __name__ == "__main__":
    if os.environ.get("PALISADE_TEST_SERVER") == "wsgiref":
        # the standard library's WSGI server sets neither RAW_URI nor REQUEST_URI: the middleware rebuilds the target
        from socketserver import ThreadingMixIn
        from wsgiref.simple_server import WSGIServer, make_server

        class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
            daemon_threads = True

        make_server("127.0.0.1", int(sys.argv[1]), app, server_class=ThreadingWSGIServer).serve_forever()
    else:
        app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
