package dev.palisade.engine.session;

/**
 * One remembered call of a session, as the console shows it; {@code ip} is the address it came from, null where it is
 * not known (a session's history keeps none: {@link dev.palisade.engine.event.CallAddresses} finds it).
 */
public record Call(long at, String method, String path, int status, String code, String ip) {

    /** The call as its session's history keeps it: no address. */
    public Call(long at, String method, String path, int status, String code) {
        this(at, method, path, status, code, null);
    }

    /** The same call from {@code address}. */
    public Call from(String address) {
        return new Call(at, method, path, status, code, address);
    }
}
