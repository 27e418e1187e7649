package dev.palisade.bench;

import dev.palisade.engine.Engine;

import java.util.Map;
import java.util.TreeMap;

/** The refusals of the last quarter hour by code: what a void run names so its setup can be mended. */
final class Refusals {

    private Refusals() {}

    static Map<String, Long> lately(Engine engine) {
        Map<String, Long> refused = new TreeMap<>();
        for (var second : engine.stats().window(System.currentTimeMillis(), 900)) {
            second.denied().forEach((code, n) -> refused.merge(code, n, Long::sum));
        }
        return refused;
    }
}
