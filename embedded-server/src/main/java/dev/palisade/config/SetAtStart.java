package dev.palisade.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A part of the configuration a single server's start puts back each time (a section of {@code --config}, one of its
 * settings, the routes {@code --public-path} names): a live change to it lasts until the next start, and an operator
 * changing it is told so ({@code GET /admin/config/governed}; durability audit 61, L3).
 *
 * @param section {@code routes}, {@code settings}, {@code windows}, {@code rules} or {@code fingerprint}
 * @param setting the setting's key when {@code section} is {@code settings}, else null
 * @param by      what puts it back, as given at start: {@code --config /etc/palisade/palisade.yaml}, {@code --public-path}
 */
public record SetAtStart(String section, String setting, String by) {

    /** What the start's {@code --public-path} and {@code --client-page} put back; none when neither was given. */
    public static List<SetAtStart> ofRouteOptions(boolean publicPaths, boolean clientPages) {
        List<String> given = new ArrayList<>(2);
        if (publicPaths) given.add("--public-path");
        if (clientPages) given.add("--client-page");
        return given.isEmpty() ? List.of() : List.of(new SetAtStart("routes", null, String.join(" and ", given)));
    }
}
