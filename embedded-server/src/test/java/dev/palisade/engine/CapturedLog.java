package dev.palisade.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a class logs while this is open (System.Logger goes to java.util.logging here); closed, it hears no more. */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger; // held: java.util.logging keeps loggers weakly, and a collected one loses its handler
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    private CapturedLog(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        logger.addHandler(handler);
    }

    /** Starts hearing what {@code source}'s logger logs. */
    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    public List<LogRecord> records() { return List.copyOf(records); }

    public List<String> messages() { return records.stream().map(LogRecord::getMessage).toList(); }

    @Override
    public void close() { logger.removeHandler(handler); }
}
