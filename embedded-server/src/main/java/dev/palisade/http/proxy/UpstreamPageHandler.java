package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.ClientAddress;
import dev.palisade.http.Hop;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.PageMarkup;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client page in reverse-proxy mode: the upstream's own page, with Palisade's markup (nonce,
 * work, challenge) and the palisade.js script put into its head, so the user's front end becomes a
 * protected client. What the browser and the app exchange passes through: the browser's cookies and
 * preferences go up, the app's status, redirects, cookies and other headers come back, and the
 * app's Content-Security-Policy is kept, with what Palisade's scripts need merged in. The fetch is
 * signed like every forwarded request, so verifying middleware may guard the page too.
 * <p>
 * Only a {@code 200} {@code text/html} answer is a page: it is read whole, up to {@link #MAX_PAGE_BYTES},
 * in its own charset ({@link PageEncoding}). Any other answer (an image, a font, a redirect, an error
 * page) is streamed on as it came, its bytes never decoded.
 * <p>
 * Pages are fetched with Jetty's client, as the proxy's calls are: it tries each address the
 * upstream's name resolves to in turn (an app on {@code ::1} alone behind {@code http://localhost}),
 * where the JDK's client tried only the first and answered 502 while calls passed.
 */
public final class UpstreamPageHandler extends JsonHandler {

    /**
     * The most of a page read to put the markup in: an HTML page is rarely over a few hundred KB, and
     * each one being rewritten is held in memory twice (bytes and text), so many at once stay small.
     */
    static final int MAX_PAGE_BYTES = 2 * 1024 * 1024;
    /** How much longer than the upstream timeout a connection may stay idle: the timeout's own timers act first. */
    private static final long IDLE_MARGIN_MILLIS = 5_000;

    /** The upstream's scheme, authority and path prefix: every page's address starts with it. */
    private final String base;
    private final Engine engine;
    private final Duration timeout;
    /** Browser headers the app may care about; Host, Connection and the like are the HTTP client's. */
    private static final List<String> UP = List.of("Accept", "Accept-Language", "Cookie", "User-Agent", "Referer");
    /** App headers of a single hop, and those Palisade sets itself (its policy is the app's merged). */
    private static final Set<String> NOT_PASSED = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "proxy-connection", "date", "server", "content-security-policy");
    /** Of the rest, those that no longer hold for a page with Palisade's markup in it. */
    private static final Set<String> NOT_ON_A_PAGE = Set.of("content-length", "content-encoding", "cache-control", "etag",
            "last-modified", "content-type");

    private final HttpClient http;
    private final ClientAddress addresses;
    private final byte[] upstreamKey;
    private final boolean ownHsts;

    /** @param ownHsts whether the listener sends {@code --hsts}'s Strict-Transport-Security: the app's is then not passed */
    public UpstreamPageHandler(URI upstream, Engine engine, byte[] upstreamKey, Duration timeout, int connections,
                               boolean ownHsts) {
        this.ownHsts = ownHsts;
        this.addresses = new ClientAddress(engine::fingerprintPolicy);
        this.upstreamKey = upstreamKey;
        this.base = upstream.getScheme() + "://" + UpstreamProxy.authority(upstream.getScheme(), upstream.getHost(),
                upstream.getPort()) + UpstreamProxy.prefix(upstream);
        this.engine = engine;
        this.timeout = timeout;
        this.http = UpstreamProxy.upstreamClient(connections);
        // one client for every caller: a cookie one caller's answer set must never go with another's fetch
        http.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        // never idle-closed before the upstream timeout has run (the head's wait and the body's deadline say when)
        http.setIdleTimeout(timeout.toMillis() + IDLE_MARGIN_MILLIS);
        addBean(http); // started and stopped with the handler
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // a page is asked for unencoded and one that is not is handled here: Jetty's client, at its start, adds the
        // decoders it finds (and their Accept-Encoding) when it was given none, so they go once it has started
        http.getContentDecoderFactories().clear();
        // and its handlers of 401 (a login) and redirects: every final answer is the app's, passed on as it came; those of
        // the interim answers (100, 102, 103 Early Hints) stay, as Jetty's proxy keeps them, or one would be taken for the page
        http.getProtocolHandlers().clear();
        http.getProtocolHandlers().put(new org.eclipse.jetty.client.ContinueProtocolHandler());
        http.getProtocolHandlers().put(new org.eclipse.jetty.client.ProcessingProtocolHandler());
        http.getProtocolHandlers().put(new org.eclipse.jetty.client.EarlyHintsProtocolHandler());
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) throw methodNotAllowed(request, "GET, HEAD");
        String rawQuery = request.getHttpURI().getQuery();
        URI page;
        try {
            page = new URI(base + AsciiTarget.of(request.getHttpURI().getPath()) + (rawQuery == null ? "" : "?" + AsciiTarget.of(rawQuery)));
        } catch (java.net.URISyntaxException e) { // Jetty lets through characters a URI may not hold raw, such as { or |
            throw new HttpProblem(Reason.BAD_REQUEST, "a client page's address must be a valid URI: encode "
                    + "characters such as { } | ^ in its query");
        }
        String client = addresses.of(request);
        // whether the answer is a page shows only once it comes; an address already over its limit is not fetched for
        engine.auth().admitPageLoad(client);
        HttpFields.Mutable up = HttpFields.build();
        for (String name : UP) {
            for (String value : request.getHeaders().getValuesList(name)) up.add(name, value);
        }
        // a page is read to put Palisade's markup in: no Accept-Encoding would mean any encoding will do
        up.add("Accept-Encoding", "identity");
        String from = Hop.of(request).remoteText();
        if (from != null) {
            // as for the proxy's calls: from a trusted proxy its chain, then this hop; from anyone else this hop alone
            List<String> chain = addresses.viaTrustedProxy(request) ? request.getHeaders().getCSV("X-Forwarded-For", false) : List.of();
            up.add("X-Forwarded-For", chain.isEmpty() ? from : String.join(", ", chain) + ", " + from);
        }
        UpstreamSignature.Headers sig = UpstreamSignature.sign(upstreamKey, "GET", page.toString(), "", "", null,
                engine.clock().millis() / 1000, UpstreamSignature.nonce());
        up.add(UpstreamSignature.USER, "").add(UpstreamSignature.SESSION, "")
                .add("Signature-Input", sig.signatureInput()).add("Signature", sig.signature());
        org.eclipse.jetty.client.Request fetch = http.newRequest(page).method(HttpMethod.GET).headers(h -> h.add(up));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        long fetchedAt = System.nanoTime();
        fetch.send(listener);
        org.eclipse.jetty.client.Response answer = head(fetch, listener);
        InputStream body = listener.getInputStream();
        // at the deadline the exchange is aborted too, its connection closed, not held for the stalled upstream
        try (body; AnswerDeadline deadline = new AnswerDeadline(() -> {
            body.close();
            fetch.abort(new TimeoutException("the upstream timeout passed"));
        }, fetchedAt, timeout)) {
            String type = answer.getHeaders().get(HttpHeader.CONTENT_TYPE);
            // only a page that will run gets a nonce: a redirect, an error page or an image passes through as it is
            if (answer.getStatus() == 200 && PageEncoding.isHtml(type)) {
                servePage(request, response, callback, answer, body, deadline, type, client);
            } else {
                MiddlewareRefusal.count(engine, path(request), answer.getStatus(), answer.getHeaders().getValuesList("WWW-Authenticate"));
                passOn(request, response, callback, answer, body, deadline);
            }
        }
        return true;
    }

    /** The upstream's answer once its head came, within the timeout; its failure recorded and told. */
    private org.eclipse.jetty.client.Response head(org.eclipse.jetty.client.Request fetch, InputStreamResponseListener listener) {
        try {
            return listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fetch.abort(e);
            engine.upstreamFailed(Reason.UPSTREAM_TIMEOUT, "/", "the client page did not come in time");
            throw new HttpProblem(Reason.UPSTREAM_TIMEOUT, "the protected API did not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            fetch.abort(e);
            engine.upstreamFailed(Reason.UPSTREAM_UNAVAILABLE, "/", "the client page cannot be fetched");
            throw new HttpProblem(Reason.UPSTREAM_UNAVAILABLE, "the protected API cannot be reached");
        }
    }

    /** The upstream's page with Palisade's markup in its head, in the page's own charset. */
    private void servePage(Request request, Response response, Callback callback, org.eclipse.jetty.client.Response answer,
                           InputStream body, AnswerDeadline deadline, String type, String client) throws IOException {
        byte[] bytes = decoded(request, answer, readPage(request, answer, body, deadline));
        PageEncoding encoding = PageEncoding.of(type, bytes);
        List<String> policies = answer.getHeaders().getValuesList("Content-Security-Policy");
        // a page whose scripts run by a nonce gets Palisade's tags under that nonce, not 'self' for every script
        String scriptNonce = ContentSecurityPolicy.nonce(policies);
        String html = inject(encoding.decode(bytes), PageMarkup.head(engine.auth().servePage(client), scriptNonce), scriptNonce);
        byte[] rewritten = encoding.encode(html);
        response.setStatus(200);
        passHeaders(response, answer, true);
        // every policy the app sent, each merged on its own: the browser enforces them all, so none may be lost
        for (String csp : policies) response.getHeaders().add("Content-Security-Policy", ContentSecurityPolicy.merge(csp, scriptNonce));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, encoding.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, rewritten.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(rewritten), callback);
    }

    /** The page's bytes, refused when over {@link #MAX_PAGE_BYTES}, before more than that is read. */
    private byte[] readPage(Request request, org.eclipse.jetty.client.Response answer, InputStream body, AnswerDeadline deadline) {
        long declared = answer.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        byte[] bytes;
        try {
            bytes = declared > MAX_PAGE_BYTES ? null : body.readNBytes(MAX_PAGE_BYTES + 1);
            if (deadline.passed()) throw new IOException("cut at the deadline"); // what came may end early, not whole
        } catch (IOException e) {
            if (deadline.passed()) throw lateAnswer(request, "the client page");
            engine.upstreamFailed(Reason.UPSTREAM_UNAVAILABLE, path(request), "the client page broke off");
            throw new HttpProblem(Reason.UPSTREAM_UNAVAILABLE, "the protected API's page broke off");
        }
        if (bytes == null || bytes.length > MAX_PAGE_BYTES) {
            String limit = MAX_PAGE_BYTES / (1024 * 1024) + " MiB";
            engine.upstreamFailed(Reason.UPSTREAM_UNAVAILABLE, path(request), "the client page is over " + limit);
            throw new HttpProblem(Reason.UPSTREAM_UNAVAILABLE, "the protected API's page is over " + limit + ", the most"
                    + " Palisade reads of a client page to put its markup in");
        }
        return bytes;
    }

    /**
     * The page's bytes without the content coding an upstream sent though asked for none: gzip is
     * undone (an upstream serving its pages compressed ahead); any other is refused, not read as text.
     */
    private byte[] decoded(Request request, org.eclipse.jetty.client.Response answer, byte[] bytes) {
        String coding = answer.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        coding = coding == null ? "identity" : coding.strip().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity")) return bytes;
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            throw upstreamFailed(request, "the client page came encoded as " + coding,
                    "the protected API's page came encoded as " + coding + "; Palisade asks for it unencoded");
        }
        byte[] plain;
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            plain = in.readNBytes(MAX_PAGE_BYTES + 1);
        } catch (IOException e) {
            throw upstreamFailed(request, "the client page's gzip is broken", "the protected API's page is broken");
        }
        if (plain.length > MAX_PAGE_BYTES) {
            String limit = MAX_PAGE_BYTES / (1024 * 1024) + " MiB";
            throw upstreamFailed(request, "the client page is over " + limit + " once unzipped", "the protected API's page is over "
                    + limit + ", the most Palisade reads of a client page to put its markup in");
        }
        return plain;
    }

    /** Any other answer, as it came: its status, its headers and its bytes, streamed, never decoded. */
    private void passOn(Request request, Response response, Callback callback, org.eclipse.jetty.client.Response answer,
                        InputStream body, AnswerDeadline deadline) {
        String unusable = UpstreamStatus.unusable(answer.getStatus());
        if (unusable != null) throw upstreamFailed(request, unusable, unusable);
        response.setStatus(answer.getStatus());
        passHeaders(response, answer, false);
        if (UpstreamStatus.bodiless(answer.getStatus())) response.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
        for (String csp : answer.getHeaders().getValuesList("Content-Security-Policy")) {
            response.getHeaders().add("Content-Security-Policy", ContentSecurityPolicy.merge(csp, null));
        }
        if (HttpMethod.HEAD.is(request.getMethod())) {
            response.write(true, null, callback);
            return;
        }
        OutputStream out = Content.Sink.asOutputStream(response);
        byte[] chunk = new byte[16 * 1024];
        try {
            for (int n = read(request, response, body, deadline, chunk); n >= 0; n = read(request, response, body, deadline, chunk)) {
                deadline.hold();
                out.write(chunk, 0, n);
                deadline.renew();
            }
            out.close();
        } catch (IOException clientGone) { // the client's side: nothing the upstream or the operator must hear of
            callback.failed(clientGone);
            return;
        } catch (UpstreamBrokeOff e) {
            callback.failed(e); // the answer had begun: the client's breaks off too, as a proxy's does
            return;
        }
        callback.succeeded();
    }

    /** The next bytes from the upstream; its failure recorded, and answered 502 when nothing was sent yet. */
    private int read(Request request, Response response, InputStream body, AnswerDeadline deadline, byte[] chunk) {
        try {
            int n = body.read(chunk);
            if (n < 0 && deadline.passed()) throw new IOException("cut at the deadline"); // an early end, not the whole
            return n;
        } catch (IOException e) {
            HttpProblem problem = deadline.passed() ? lateAnswer(request, "the answer under a client page")
                    : upstreamFailed(request, "the answer under a client page broke off", "the protected API's answer broke off");
            if (response.isCommitted()) throw new UpstreamBrokeOff(e);
            response.reset(); // none of the app's headers go with the problem
            throw problem;
        }
    }

    /** An answer not whole within the upstream timeout, recorded; the problem to answer when nothing was sent yet. */
    private HttpProblem lateAnswer(Request request, String what) {
        engine.upstreamFailed(Reason.UPSTREAM_TIMEOUT, path(request), what + " did not come whole in time");
        return new HttpProblem(Reason.UPSTREAM_TIMEOUT, "the protected API did not answer within " + timeout.toSeconds() + " s");
    }

    private HttpProblem upstreamFailed(Request request, String recorded, String told) {
        engine.upstreamFailed(Reason.UPSTREAM_UNAVAILABLE, path(request), recorded);
        return new HttpProblem(Reason.UPSTREAM_UNAVAILABLE, told);
    }

    private void passHeaders(Response response, org.eclipse.jetty.client.Response answer, boolean page) {
        for (HttpField field : answer.getHeaders()) {
            String lower = field.getLowerCaseName();
            if (NOT_PASSED.contains(lower) || page && NOT_ON_A_PAGE.contains(lower)) continue;
            // the listener's own, set before any handler runs: two fields of it are malformed, and the last one won
            if (ownHsts && field.getHeader() == HttpHeader.STRICT_TRANSPORT_SECURITY) continue;
            response.getHeaders().add(field.getName(), field.getValue());
        }
    }

    /** The upstream's answer failing after the client's had begun. */
    private static final class UpstreamBrokeOff extends RuntimeException {
        UpstreamBrokeOff(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Puts Palisade's markup and palisade.js first in the head. The page's start is read as a browser
     * reads it: blank space, comments, the doctype and the {@code <html>} tag may come before the
     * {@code <head>} tag; anything else means the page left its head tag out (HTML allows it), and the
     * markup goes after what was read so far (before the doctype, the browser would lay the page out in
     * quirks mode; later, it could land inside a script or a text area that holds such a tag). A byte
     * order mark stays first: it tells the browser the page's charset only there.
     */
    static String inject(String html, String palisadeHead, String scriptNonce) {
        String tags = palisadeHead + PageMarkup.scriptTag(scriptNonce) + "/assets/palisade.js\"></script>";
        int at = html.startsWith("\uFEFF") ? 1 : 0;
        int i = at;
        while (true) {
            while (i < html.length() && Character.isWhitespace(html.charAt(i))) i++;
            java.util.regex.Matcher m = PAGE_START.matcher(html).region(i, html.length());
            if (!m.lookingAt()) break;
            i = m.end();
            if (m.group(1) != null) { // a comment: read past
                continue;
            }
            at = i; // after the doctype or an <html> tag (a second one only adds its attributes), failing a head
            if (m.group(2) != null) break; // the head's start tag: the place
        }
        return html.substring(0, at) + tags + html.substring(at);
    }

    /**
     * At the page's start: a comment (group 1; {@code <!-->} and {@code <!--->} end at once), the head's
     * start tag (group 2, not {@code <header>}), an {@code <html>} start tag or the doctype.
     */
    private static final java.util.regex.Pattern PAGE_START = java.util.regex.Pattern.compile(
            "(<!--(?:-?>|.*?(?:-->|\\z)))|(<head(?:[\\s/][^>]*)?>)|<html(?:[\\s/][^>]*)?>|<!doctype[^>]*>",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);
}
