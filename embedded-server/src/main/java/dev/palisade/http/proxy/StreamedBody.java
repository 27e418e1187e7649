package dev.palisade.http.proxy;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * An HTTP/2 request of unknown length, read once to learn whether a body follows: HEADERS that end
 * the stream read as the end at once; a body reads as data, or as nothing yet. The chunk read is
 * handed out again first, so the request reads whole.
 */
final class StreamedBody extends Request.Wrapper {

    private Content.Chunk held;

    private StreamedBody(Request request, Content.Chunk first) {
        super(request);
        this.held = first;
    }

    /** @return the request to stream the body from, or null when it ended with its headers */
    static Request of(Request request) {
        Content.Chunk first = request.read();
        if (first == null) return request; // the body has not arrived yet: there is one
        if (first.isLast() && !first.hasRemaining() && !Content.Chunk.isFailure(first)) {
            first.release();
            return null;
        }
        return new StreamedBody(request, first);
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk first = held;
        if (first == null) return super.read();
        held = null;
        return first;
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (held != null) demandCallback.run(); // a chunk is ready: read() hands it out
        else super.demand(demandCallback);
    }
}
