package dev.palisade.console.scenarios;

/**
 * One request a scenario made and what it met.
 *
 * @param code   the problem's {@code code}, or "ok" for a 2xx answer
 * @param check  the check that decided ({@code check} member), empty for 2xx
 * @param source the client address it left from, to find its event
 * @param at     when the request was sent (epoch ms): its event is at or after it
 */
public record Step(String description, String request, int status, String code, String check, String source, long at) {

    public boolean denied() { return status >= 400; }
}
