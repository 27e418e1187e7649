package dev.palisade.engine.sequence;

/**
 * Technique 9, rules as data. Paths match exactly, or by prefix when they end in {@code /*}.
 */
public sealed interface SequenceRule {

    /** Its one-line stored form. */
    String encode();

    /** {@code method path} needs {@code priorMethod priorPath} in the same session within the window. */
    record RequiresPrior(String method, String path, String priorMethod, String priorPath, int withinSeconds)
            implements SequenceRule {
        public String encode() {
            return "requires-prior " + method + " " + path + " " + priorMethod + " " + priorPath + " " + withinSeconds;
        }
    }

    /** At most {@code perIp} live sessions per address and {@code perUser} per user (0: no limit). */
    record MaxSessions(int perIp, int perUser) implements SequenceRule {
        public String encode() {
            return "max-sessions " + perIp + " " + perUser;
        }
    }

    /** Calls of {@code method path} in one session no closer together than a person would make them. */
    record MinInterval(String method, String path, int minMillis) implements SequenceRule {
        public String encode() {
            return "min-interval " + method + " " + path + " " + minMillis;
        }
    }

}
