package dev.palisade.engine.auth;

import java.util.Collection;

/**
 * The API keys' ids, found by the part of a presented key that holds one without cutting it out: an
 * allowed call builds no string. Immutable; the ring makes a new one when it learns of a key. The ids
 * are the server's own random ones, so a caller cannot choose what collides.
 */
final class KeyIds {

    static final KeyIds NONE = of(java.util.List.of());

    /** Open addressing, at most half full: a probe ends at an empty slot. */
    private final String[] slots;

    private KeyIds(String[] slots) {
        this.slots = slots;
    }

    static KeyIds of(Collection<String> ids) {
        String[] slots = new String[Integer.highestOneBit(Math.max(1, ids.size()) * 2) * 2];
        for (String id : ids) {
            int i = slot(id, 0, id.length(), slots.length);
            while (slots[i] != null && !slots[i].equals(id)) i = (i + 1) & (slots.length - 1);
            slots[i] = id;
        }
        return new KeyIds(slots);
    }

    /** The id equal to {@code text[from, to)}, or null. */
    String find(String text, int from, int to) {
        int length = to - from;
        for (int i = slot(text, from, to, slots.length); ; i = (i + 1) & (slots.length - 1)) {
            String id = slots[i];
            if (id == null) return null;
            if (id.length() == length && text.regionMatches(from, id, 0, length)) return id;
        }
    }

    private static int slot(String text, int from, int to, int size) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + text.charAt(i);
        return (h ^ (h >>> 16)) & (size - 1);
    }
}
