package dev.palisade.console.scenarios;

/**
 * One request a scenario made and what it met.
 *
 * @param code   the problem's {@code code}, or "ok" for a 2xx answer
 * @param check  the check that decided ({@code check} member), empty for 2xx
 * @param source the client address it left from, to find its event
 */
public record Step(String description, String request, int status, String code, String check, String source) {

    public boolean denied() { return status >= 400; }
}
