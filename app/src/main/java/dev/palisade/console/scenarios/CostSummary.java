package dev.palisade.console.scenarios;

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

    private CostSummary() {}

    public static List<String> lines(List<Outcome> outcomes) {
        Map<Level, List<Outcome>> byLevel = new TreeMap<>();
        for (Outcome o : outcomes) byLevel.computeIfAbsent(o.scenario().level(), l -> new ArrayList<>()).add(o);
        // a person who was refused is no yardstick (audit 52)
        Outcome person = outcomes.stream()
                .filter(o -> o.scenario().legitimate() && o.result() == Outcome.Result.PASSED && o.cost().measured()).findFirst()
                .orElse(null);
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
            if (e.getKey() != Level.PERSON && person != null && os.stream().anyMatch(o -> o.cost().measured())) {
                line.append(" | the person: ").append(person.cost());
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
