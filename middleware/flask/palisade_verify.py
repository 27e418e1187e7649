"""palisade_verify: Flask middleware that accepts only requests Palisade forwarded, and tells the
app who the caller is. Standard library only (hmac, hashlib, base64).

Palisade (reverse-proxy mode) signs every request it forwards with RFC 9421 HTTP Message Signatures
(docs/protocol.md, "Reverse-proxy mode"): label ``palisade``, hmac-sha256 with the key in
<data-dir>/upstream.key, covering "@method", "@target-uri", "x-palisade-user", "x-palisade-session"
and, when it forwards a body, "content-digest"; with created, expires and a nonce. This checks all
of it: a direct call, a changed body, a replay, an expired or malformed signature is answered 401
(problem+json), never a 500. The signature is checked from the headers before the body is read, and a
body over ``max_body_bytes`` (1 MiB by default) is refused, so a caller without the key cannot make
the app hold a large body.

``key_file`` holds one key a line (base64; blank lines and ``#`` comments left out): a call signed
with any of them is accepted, and the file is read again within a second of a change, so a rotation
adds the next key, and later removes the old one, without a restart. ``key`` (bytes) or ``keys`` (a
list) give them instead. A key file that cannot be read, is empty or holds a line that is no key keeps
the keys read before for ``KEY_FILE_GRACE_SECONDS`` (a rename, a file half written); after that every
call is refused until the file holds keys again, and the log says so once. The options are checked when
the middleware is made: a wrong type (a ``max_skew_seconds`` read from the environment as a string, a
key given as base64 text rather than bytes) raises then, never turns into a 500 per call.

The target Palisade signed is read as it arrived, from ``RAW_URI`` or ``REQUEST_URI`` (gunicorn and
Werkzeug's server set them). Under a WSGI server that sets neither (Waitress, the standard library's
wsgiref), it is rebuilt from the decoded path in each usual spelling (upper-case %XX escapes; sub-delimiters
such as ``@ + : ,`` left raw as a browser leaves them, escaped as ``encodeURIComponent`` escapes them,
or every byte outside the unreserved characters escaped), with and without an empty query; a path
spelt otherwise (lower-case escapes, a mix of those spellings) is refused. Run the app under a server
that gives the raw target where you can.

Used nonces are remembered in this process: an app run as several processes or instances (gunicorn
``-w``, several containers) needs each request's nonce checked in one shared place, or a replay within
its expiry reaches each process once (this process's memory, which starts empty, takes no signature made
more than ``max_skew_seconds`` before the process started); pass ``nonce_store``, a callable ``(nonce, until) -> bool`` that
records the nonce until ``until``, the first second in which the signature is refused (its expiry plus
``max_skew_seconds``, plus 1: the signature is still accepted during the second expires +
max_skew_seconds), and answers whether it was new (for example Redis ``SET key 1 NX EXAT until``).
A store that raises refuses the call 401 with a detail that names no cause (a store client's error
names its server's address, and the caller may be anyone); the error is logged to the app's logger,
with any user:password@ in a URL taken out.

    from palisade_verify import PalisadeVerify
    PalisadeVerify(app, key_file="/path/to/palisade-data/upstream.key")

    @app.get("/api/items")
    def items():
        return {"user": flask.g.palisade_user}
"""
import base64
import hashlib
import hmac
import json
import os
import re
import threading
import time
import traceback
from urllib.parse import quote

from flask import Response, current_app, g, request
from werkzeug.exceptions import BadRequest

LABEL = "palisade"
REQUIRED = ["@method", "@target-uri", "x-palisade-user", "x-palisade-session"]
LIFETIME_SECONDS = 30  # created to expires, as Palisade signs
# how long a key file that cannot be read or holds no key leaves the keys read before in force
KEY_FILE_GRACE_SECONDS = 5
# numbers of at most 15 digits: a longer one is no time Palisade wrote, and Python refuses to read
# very long ones (a 500 where a 401 belongs)
_INPUT = re.compile(r'^palisade=\(((?:"[^"\\]*")(?: "[^"\\]*")*)\)((?:;[a-z]+=(?:"[^"\\]*"|\d{1,15}))*)$')
_PARAM = re.compile(r';([a-z]+)=("([^"\\]*)"|(\d{1,15}))')
_SIG = re.compile(r"^palisade=:([A-Za-z0-9+/]+={0,2}):$")
_DIGEST_MEMBER = re.compile(r"[ \t]*([a-z*][a-z0-9_.*-]*)=:([A-Za-z0-9+/]*={0,2}):[ \t]*")
_URL_CREDENTIALS = re.compile(r"//[^\s/?#@]*@")


def _without_credentials(text):
    """A store client's error without the user:password of a URL it names (redis://app:secret@host)."""
    return _URL_CREDENTIALS.sub("//***@", text)


def _problem(fault, detail):
    """fault: what was wrong, for Palisade's reverse proxy, which counts these answers and tells its operator:
    "signature" (none, malformed, or another key's), "expired" (clocks apart), "nonce" or "body"."""
    body = json.dumps({"type": "urn:palisade:problem:upstream_signature", "title": "Not forwarded by Palisade",
                       "status": 401, "detail": detail, "code": "upstream_signature"})
    # a 401 names its scheme (RFC 9110)
    return Response(body, status=401, content_type="application/problem+json",
                    headers={"WWW-Authenticate": 'PalisadeUpstream error="' + fault + '"'})


def _parse_input(field):
    m = _INPUT.match(field or "")
    if not m:
        return None
    components = [c[1:-1] for c in m.group(1).split(" ")]
    params = {}
    for p in _PARAM.finditer(m.group(2)):
        if p.group(1) in params:
            return None
        params[p.group(1)] = p.group(3) if p.group(3) is not None else int(p.group(4))
    return components, params, field[len(LABEL) + 1:]


def _authority(host, scheme):
    """The Host without the scheme's default port, as Palisade signs it."""
    if scheme == "http" and host.endswith(":80"):
        return host[:-3]
    if scheme == "https" and host.endswith(":443"):
        return host[:-4]
    return host


# the ways a client escapes a path: sub-delimiters left as they are (a browser's URL bar, palisade.js's
# paths), escaped as encodeURIComponent escapes a name, or every byte outside the unreserved characters
_PATH_SPELLINGS = ("/!$&'()*+,;=:@-._~", "/!'()*-._~", "/-._~")


def _rebuilt_targets(own, env):
    """The targets a request could have been sent with, for a WSGI server that gives no raw target.

    A WSGI path is the request's bytes, percent-decoded, as latin-1 text (PEP 3333): encoded back to those
    bytes, then escaped in each usual spelling (a decoded '%' was sent as %25). An empty query (a target
    ending in '?') reads as no query: both are tried.
    """
    path = (own.get("SCRIPT_NAME") or "") + env.get("PATH_INFO", "")
    try:
        path_bytes = path.encode("latin-1")
    except UnicodeEncodeError:  # a server that broke PEP 3333 and decoded as UTF-8
        path_bytes = path.encode("utf-8")
    paths = []
    for safe in _PATH_SPELLINGS:
        spelt = quote(path_bytes, safe=safe)
        if spelt not in paths:
            paths.append(spelt)
    query = env.get("QUERY_STRING", "")
    queries = ["?" + query] if query else ["", "?"]
    return [p + q for p in paths for q in queries]


def _sha256_member(field):
    """The sha-256 member of a Content-Digest (RFC 9530: a dictionary; its last sha-256 counts), its
    base64 padded or not, as Palisade reads it; None when the field is malformed or has none."""
    members = {}
    for part in (field or "").split(","):  # no comma inside a member: base64 has none
        m = _DIGEST_MEMBER.fullmatch(part)
        if not m:
            return None
        members[m.group(1)] = m.group(2)
    value = members.get("sha-256")
    if value is None:
        return None
    decoded = _b64(value + "=" * (-len(value) % 4))
    return decoded if decoded is not None and len(decoded) == 32 else None


def _b64(text):
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        return None


def _read_keys(key_file):
    """The keys of a key file: base64, one a line; blank lines and lines starting with # left out."""
    with open(key_file, "r", encoding="ascii") as f:
        lines = [line.strip() for line in f.read().splitlines()]
    return [base64.b64decode(line) for line in lines if line and not line.startswith("#")]


def _stamp(stat):
    """What tells a key file changed: its time and its size."""
    return stat.st_mtime_ns, stat.st_size


def _checked(keys):
    if not isinstance(keys, (list, tuple)) or not keys or any(not isinstance(k, bytes) or len(k) < 32 for k in keys):
        raise ValueError("palisade_verify: each key must be the 32 bytes of an upstream.key (bytes, not base64 text)")
    return list(keys)


def _is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_options(key, keys, key_file, max_skew_seconds, allow_undigested_bodies, max_body_bytes, nonce_store):
    """The options as given, checked once: a wrong type fails the start, not each call (and never opens it)."""
    if sum(x is not None for x in (key, keys, key_file)) != 1:
        raise TypeError("palisade_verify: give one of key, keys or key_file")
    if key_file is not None and not isinstance(key_file, (str, bytes, os.PathLike)):
        raise TypeError("palisade_verify: key_file must be the path of a key file")
    if not (_is_whole(max_skew_seconds) and 0 <= max_skew_seconds <= 60):
        raise TypeError("palisade_verify: max_skew_seconds must be a whole number of seconds from 0 to 60, not %r"
                        % (max_skew_seconds,))
    if not (_is_whole(max_body_bytes) and max_body_bytes > 0):
        raise TypeError("palisade_verify: max_body_bytes must be a whole number of bytes above 0, not %r" % (max_body_bytes,))
    if not isinstance(allow_undigested_bodies, bool):
        raise TypeError("palisade_verify: allow_undigested_bodies must be True or False, not %r" % (allow_undigested_bodies,))
    if nonce_store is not None and not callable(nonce_store):
        raise TypeError("palisade_verify: nonce_store must be a callable (nonce, until) -> bool")


class PalisadeVerify:
    """Checks every request before the app sees it (a Flask ``before_request`` hook)."""

    def __init__(self, app, key=None, key_file=None, max_skew_seconds=5, allow_undigested_bodies=False,
                 max_body_bytes=1024 * 1024, nonce_store=None, keys=None):
        _check_options(key, keys, key_file, max_skew_seconds, allow_undigested_bodies, max_body_bytes, nonce_store)
        self.given = keys if keys is not None else [key] if key is not None else None
        self.key_file = key_file
        self.keys = _checked(self.given if self.given is not None else _read_keys(key_file))
        self.keys_checked_at = time.monotonic()
        self.keys_stamp = None if self.given is not None else _stamp(os.stat(key_file))
        self.keys_failing_since = None  # when the key file was first found unreadable or without keys; None while good
        self.keys_dropped = False
        self.skew = max_skew_seconds
        self.allow_undigested_bodies = allow_undigested_bodies
        self.max_body_bytes = max_body_bytes
        self.nonce_store = nonce_store or self._first_use
        self.seen = {}  # nonce -> until (s), in the order they came: about the order they expire
        # this process knows no nonce used before it started (_remembered_since)
        self.started_at = int(time.time())
        self.lock = threading.Lock()
        app.before_request(self._before)

    def current_keys(self):
        """The keys a signature may be made with: the key file read again when it changed, looked at once a second.

        A file that cannot be read or holds no key leaves the keys held in force for a moment (a rename, a file half
        written), then none: a key taken out by deleting or emptying the file must stop working."""
        if self.given is not None or time.monotonic() - self.keys_checked_at < 1:
            return self.keys
        with self.lock:
            if time.monotonic() - self.keys_checked_at >= 1:
                self.keys_checked_at = time.monotonic()
                try:
                    stat = os.stat(self.key_file)
                    stamp = _stamp(stat)
                    # a file written twice within one tick of the file system's clock keeps its time: read while fresh
                    if stamp != self.keys_stamp or time.time() - stat.st_mtime < 2:
                        self.keys = _checked(_read_keys(self.key_file))
                        self.keys_stamp = stamp
                        if self.keys_failing_since is not None:
                            current_app.logger.warning("palisade_verify: %s holds keys again: calls are accepted", self.key_file)
                        self.keys_failing_since = None
                        self.keys_dropped = False
                except (OSError, ValueError) as e:  # binascii.Error and UnicodeDecodeError are ValueErrors
                    # whatever is there next is read, even a file put back as it was (mv, a restore: time and size unchanged)
                    self.keys_stamp = None
                    if self.keys_failing_since is None:
                        self.keys_failing_since = self.keys_checked_at
                        current_app.logger.warning("palisade_verify: %s cannot be read (%s): the keys held before are used for"
                                                   " %d s more, then every call is refused until it holds keys",
                                                   self.key_file, e, KEY_FILE_GRACE_SECONDS)
                    elif not self.keys_dropped and self.keys_checked_at - self.keys_failing_since >= KEY_FILE_GRACE_SECONDS:
                        self.keys_dropped = True
                        self.keys = []
                        current_app.logger.error("palisade_verify: %s has held no usable key for %d s (%s): every call is"
                                                 " refused until it holds keys", self.key_file, KEY_FILE_GRACE_SECONDS, e)
        return self.keys

    def _before(self):
        refused = self.check()
        if refused:
            return _problem(*refused)
        g.palisade_user = request.headers.get("X-Palisade-User", "")
        g.palisade_session = request.headers.get("X-Palisade-Session", "")
        return None

    @staticmethod
    def target_uris():
        """The target URIs Palisade may have signed for this request: raw path and query, with the
        scheme of its own connection to this app (reverse-proxy mode) or the client's, which a gateway
        sends as X-Forwarded-Proto (gateway mode). Either is this request, so either is accepted.

        The connection's own scheme and Host, not what ProxyFix made of X-Forwarded-*: it keeps those
        in werkzeug.proxy_fix.orig.
        """
        env = request.environ
        own = env.get("werkzeug.proxy_fix.orig") or env
        scheme = own.get("wsgi.url_scheme") or env.get("wsgi.url_scheme", "http")
        # as Palisade writes an authority (and a gateway's decision signs the client's Host): lower case
        # from the Host header alone, as Express reads it: without one, not X-Forwarded-Host (which ProxyFix would
        # make request.host) nor the server's own name, and so no signature matches
        host = (own.get("HTTP_HOST") or "").strip().lower()
        raw = env.get("RAW_URI") or env.get("REQUEST_URI")
        targets = [raw] if raw else _rebuilt_targets(own, env)
        schemes = [scheme]
        forwarded = env.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
        if forwarded in ("http", "https") and forwarded != scheme:
            schemes.append(forwarded)
        return [s + "://" + _authority(host, s) + t for s in schemes for t in targets]

    def check(self):
        """None when the request is Palisade's, else (fault, why)."""
        parsed = _parse_input(request.headers.get("Signature-Input"))
        if not parsed:
            return "signature", "no Palisade signature (Signature-Input with the label palisade): the request did not come through Palisade"
        components, p, serialized = parsed
        sig = _SIG.match(request.headers.get("Signature", ""))
        if not sig:
            return "signature", "the Signature field is missing or malformed"
        if p.get("alg") != "hmac-sha256" or not isinstance(p.get("created"), int) \
                or not isinstance(p.get("expires"), int) or not isinstance(p.get("nonce"), str) or not p["nonce"]:
            return "signature", 'the signature needs alg="hmac-sha256", created, expires and a nonce'
        digest_covered = "content-digest" in components
        expected = REQUIRED + ["content-digest"] if digest_covered else REQUIRED
        if components != expected:
            return "signature", "the signature must cover " + ", ".join(REQUIRED) + " (and content-digest with a body), in that order"
        now = int(time.time())
        if p["expires"] + self.skew < now:
            return "expired", "the signature expired"
        if p["expires"] < p["created"]:
            return "signature", "the signature expires before it was created"
        if p["created"] - self.skew > now:
            return "expired", "the signature was created in the future"
        if p["expires"] - p["created"] > LIFETIME_SECONDS:
            # Palisade signs for 30 s: a longer life is not Palisade's, and would keep its nonce for as long
            return "signature", "the signature is good for longer than Palisade's " + str(LIFETIME_SECONDS) + " s"
        length = request.content_length
        if length is not None and length > self.max_body_bytes:
            return "body", "the body is larger than " + str(self.max_body_bytes) + " bytes"
        presented = _b64(sig.group(1))
        matched = False
        for target in self.target_uris():
            lines = [
                '"@method": ' + request.method.upper(),
                '"@target-uri": ' + target,
                '"x-palisade-user": ' + request.headers.get("X-Palisade-User", ""),
                '"x-palisade-session": ' + request.headers.get("X-Palisade-Session", ""),
            ]
            if digest_covered:
                lines.append('"content-digest": ' + request.headers.get("Content-Digest", ""))
            lines.append('"@signature-params": ' + serialized)
            for key in self.current_keys():
                mac = hmac.new(key, "\n".join(lines).encode("utf-8"), hashlib.sha256).digest()
                matched = matched or (presented is not None and hmac.compare_digest(presented, mac))
        if not matched:
            return "signature", "the signature does not match: the request was changed, or not signed with this upstream.key"
        if self.nonce_store == self._first_use and not self._remembered_since(p["created"]):
            return "nonce", "this signature was made before the app started, whose memory of used nonces begins then"
        # the nonce is taken before the body is read: a replay whose body comes slowly is judged now, while
        # the first use is still remembered, not once its expiry let that be forgotten
        try:
            # until: the first second the signature is refused (it is accepted while expires + skew >= now)
            fresh = self.nonce_store(p["nonce"], p["expires"] + self.skew + 1)
        except Exception as e:  # a shared store that is away: refused, not a 500, and told to the operator alone
            current_app.logger.error("palisade_verify: the nonce store failed: %s",
                                     _without_credentials("".join(traceback.format_exception(type(e), e, e.__traceback__))))
            return "nonce", "the nonce could not be checked: the nonce store did not answer"
        if not fresh:
            return "nonce", "this signature was already used: a replay"
        try:
            body = self._body()
        except (OSError, ValueError, BadRequest):
            # cut short (the client went away, a Content-Length it did not send) or chunks that are not chunks: werkzeug
            # raised, and the app answered 500 or werkzeug's own 400 page (an outside test)
            return "body", "the body could not be read whole: cut short, or its chunked coding malformed"
        if body is None:
            return "body", ("the body is larger than " + str(self.max_body_bytes) + " bytes, or was read before"
                            " palisade_verify checked it: register PalisadeVerify before other before_request hooks")
        # a session's call always has its body signed by the client, so Palisade digests it; one without a
        # digest passed a gateway that never saw the body: allow_undigested_bodies is for API keys and public paths
        session = request.headers.get("X-Palisade-Session", "")
        if body and not digest_covered and (session != "" or not self.allow_undigested_bodies):
            return "body", "the request has a body the signature does not cover"
        if digest_covered:
            claimed = _sha256_member(request.headers.get("Content-Digest", ""))
            if claimed is None or not hmac.compare_digest(claimed, hashlib.sha256(body).digest()):
                return "body", "the body does not match its Content-Digest"
        return None

    def _body(self):
        """The body, kept for the app (request.get_data); None when it is larger than max_body_bytes."""
        if request.content_length is not None:
            data = request.get_data(cache=True)  # at most max_body_bytes: checked before
            if len(data) != request.content_length:
                # read before this hook (request.form in an earlier before_request, as CSRF guards do), its
                # bytes not kept: taken as none, a body the signature does not cover would pass
                return None
            return data
        # no length given (chunked): an earlier hook may have read the body. Taken as none, a body the
        # signature does not cover would pass, so a body that may have been read and is empty counts as lost
        seen = request.__dict__
        # werkzeug parses, and so reads, the stream for a form's types only (a CSRF guard reads request.form
        # of a JSON call too, and leaves its body for the app)
        form_read = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") \
            and ("form" in seen or "files" in seen)
        kept = getattr(request, "_cached_data", None)
        if kept is not None and not (kept == b"" and form_read):  # get_data() after the form keeps b""
            return kept if len(kept) <= self.max_body_bytes else None
        if form_read:
            return None
        touched = "stream" in seen  # werkzeug keeps the stream once anyone asks for it
        data = request.stream.read(self.max_body_bytes + 1)  # read at most one byte more
        if len(data) > self.max_body_bytes or (touched and data == b""):
            return None
        request._cached_data = data  # where werkzeug's get_data() keeps a body read once
        return data

    def _remembered_since(self, created):
        """Whether this process's own memory of nonces can judge a signature created at ``created``: it knows none used
        before it started, so one made more than the tolerated clock difference before then may be a replay of a call
        captured before a restart (a deploy, a crash). A clock stepped back since moves the start back with it."""
        with self.lock:
            self.started_at = min(self.started_at, int(time.time()))
            return created >= self.started_at - self.skew

    def _first_use(self, nonce, until):
        """This process's memory of used nonces: True the first time a nonce is seen before ``until``."""
        with self.lock:
            now = int(time.time())
            # oldest first; they come about in the order they expire, so this stops at the first still in use
            while self.seen:
                first, first_until = next(iter(self.seen.items()))
                if first_until >= now:
                    break
                del self.seen[first]
            if until <= now:
                return False  # expired while its headers were judged: as good as used
            if nonce in self.seen:
                return False
            self.seen[nonce] = until
            return True
