package dev.palisade.state.redis;

import java.nio.charset.StandardCharsets;

/**
 * The first node seals a known text with its cluster key into Redis; every later node must open it,
 * so a node given another key file is refused at start instead of failing on the first signing key.
 */
final class KeyCheck {

    private static final String TEXT = "palisade cluster key v1";

    private KeyCheck() {}

    /** Whether a node ever started on this Redis (its check is there), without writing anything. */
    static boolean present(RedisLink link) {
        String where = link.key("cluster-key-check");
        return link.call("look for the cluster key check", r -> r.exists(where)) > 0;
    }

    /** @return true when this node is the cluster's first (it wrote the check now) */
    static boolean verify(RedisLink link, ClusterKey key) {
        String where = link.key("cluster-key-check");
        boolean first = link.call("write the cluster key check",
                r -> r.setnx(where, key.seal(TEXT.getBytes(StandardCharsets.UTF_8), where)));
        String sealed = link.call("read the cluster key check", r -> r.get(where));
        byte[] opened;
        try {
            opened = key.open(sealed, where);
        } catch (ClusterKey.WrongKeyException e) {
            throw new IllegalArgumentException("--cluster-key-file: this key is not the cluster's (the data in Redis at "
                    + link.where() + " was sealed with another); give every node the same key file");
        }
        if (!TEXT.equals(new String(opened, StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("--cluster-key-file: the cluster key check in Redis holds something else");
        }
        return first;
    }
}
