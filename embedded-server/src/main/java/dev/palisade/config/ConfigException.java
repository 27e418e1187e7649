package dev.palisade.config;

import java.util.List;

/** A configuration file that cannot be applied: every problem found, each with its file, line and field. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
}
