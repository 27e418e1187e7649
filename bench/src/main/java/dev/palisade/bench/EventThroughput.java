package dev.palisade.bench;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.EventType;
import dev.palisade.store.sqlite.SqliteStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The event pipeline on its own: one producer publishes decision events at a set rate for a few
 * seconds into the real EventHub (bounded queue, one batch writer) on a real SQLite file, rate after
 * rate, raising it until events are dropped. Prints what was offered, written and dropped at each.
 */
public final class EventThroughput {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int capacity = 65_536; // EngineOptions' default queue
        System.out.printf(Locale.ROOT, "events: %d s per rate, queue of %d, one writer, SQLite WAL%n", seconds, capacity);
        long sustained = 0;
        long[] rates = {50_000, 100_000, 150_000, 200_000, 250_000, 300_000, 350_000, 400_000, 500_000, 700_000, 1_000_000};
        for (long rate : rates) {
            Path dir = Files.createTempDirectory("palisade-events");
            long offered = 0;
            long written;
            long dropped;
            double writtenPerSecond;
            try (SqliteStore store = SqliteStore.open(dir)) {
                EventHub hub = new EventHub(store, capacity, store.lastEventId());
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                long now;
                while ((now = System.nanoTime()) < end) {
                    long due = (now - start) * rate / 1_000_000_000L;
                    while (offered < due) {
                        hub.publish(new Event(0, System.currentTimeMillis(), EventType.DECISION, "allowed", "pipeline",
                                "s" + (offered & 1023), "user", "10.0.0." + (offered & 255), "GET", "/api/notes", 200, 4_000, ""));
                        offered++;
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                written = hub.written();
                dropped = hub.dropped();
                writtenPerSecond = written / elapsed;
                hub.close(); // writes what is still queued
            }
            ScratchDirectory.delete(dir);
            double offeredPerSecond = offered / (double) seconds;
            System.out.printf(Locale.ROOT, "offered %9.0f/s: written while offered %9.0f/s, dropped %d%n", offeredPerSecond,
                    writtenPerSecond, dropped);
            if (offered < rate * seconds * 0.95) {
                System.out.printf(Locale.ROOT, "the producer itself cannot offer %d/s here%n", rate);
                break;
            }
            if (dropped > 0) {
                System.out.printf(Locale.ROOT, "drops start between %d/s and %d/s%n", sustained, rate);
                break;
            }
            sustained = rate;
        }
        System.out.printf(Locale.ROOT, "sustained with zero drops: %d events/s%n", sustained);
    }
}
