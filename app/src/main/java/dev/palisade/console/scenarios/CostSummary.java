package dev.palisade.console.scenarios;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ladder's measure in a few lines: per rung, how its scenarios ended and what a session cost
 * them, next to what it cost the person. The point of each rung is that the attacker pays far more.
 */
public final class CostSummary {

    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    private CostSummary() {}

    /**
     * What the person's session cost in an earlier run, and when: the yardstick of a run that did not include the person
     * (one rung run alone, the usual way to show it, lost it: console audit 59).
     */
    public record EarlierPerson(Cost cost, LocalTime at) {}

    public static List<String> lines(List<Outcome> outcomes) {
        return lines(outcomes, null);
    }

    /**
     * @param earlier the person's cost from an earlier run, shown (and labelled so) when this run did not run the
     *                person; null when there is none
     */
    public static List<String> lines(List<Outcome> outcomes, EarlierPerson earlier) {
        Map<Level, List<Outcome>> byLevel = new TreeMap<>();
        for (Outcome o : outcomes) byLevel.computeIfAbsent(o.scenario().level(), l -> new ArrayList<>()).add(o);
        Outcome person = passedPerson(outcomes);
        String yardstick = person != null ? "the person: " + person.cost()
                : earlier != null && !ranThePerson(outcomes)
                ? "the person (its last run, " + HOURS_MINUTES.format(earlier.at()) + "): " + earlier.cost() : null;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Level, List<Outcome>> e : byLevel.entrySet()) {
            StringBuilder line = new StringBuilder(e.getKey().toString()).append(": ");
            List<Outcome> os = e.getValue();
            os.sort(Comparator.comparingInt(o -> o.scenario().number()));
            for (int i = 0; i < os.size(); i++) {
                Outcome o = os.get(i);
                line.append(i == 0 ? "" : "; ").append('#').append(o.scenario().number()).append(' ').append(o.verdict());
                if (!o.check().isEmpty()) line.append(" by ").append(o.check());
                line.append(", ").append(o.result() == Outcome.Result.SKIPPED ? o.note() : o.cost().toString());
            }
            if (e.getKey() != Level.PERSON && yardstick != null && os.stream().anyMatch(o -> o.cost().measured())) {
                line.append(" | ").append(yardstick);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The person's outcome when it passed with a measured cost, or null: a person who was refused is no yardstick (audit 52). */
    public static Outcome passedPerson(List<Outcome> outcomes) {
        return outcomes.stream()
                .filter(o -> o.scenario().legitimate() && o.result() == Outcome.Result.PASSED && o.cost().measured()).findFirst()
                .orElse(null);
    }

    /** Whether the person ran in this run (a skip, no browser here, is no run): an earlier person is then no longer its last. */
    public static boolean ranThePerson(List<Outcome> outcomes) {
        return outcomes.stream().anyMatch(o -> o.scenario().legitimate() && o.result() != Outcome.Result.SKIPPED);
    }
}
