package dev.palisade.console.scenarios;

/**
 * One request a scenario made and what it met.
 *
 * @param code   the problem's {@code code}, "ok" for a 2xx answer, or the flag's code for a 2xx answer the server flagged
 *               ({@code automation_suspected}): the code its event is stored under
 * @param check  the check that decided ({@code check} member) or flagged it, empty for a plain 2xx
 * @param source the client address it left from, to find its event
 * @param at     when the request was sent (epoch ms): its event is at or after it
 */
public record Step(String description, String request, int status, String code, String check, String source, long at) {

    public boolean denied() { return status >= 400; }

    /** Let through, and flagged to the operator (an automated browser's login under the policy {@code alert}). */
    public boolean flagged() {
        return status >= 200 && status < 300 && !"ok".equals(code);
    }

    /** How the steps' table says the answer: "401 replayed", "200 ok", "200 ok, flagged automation_suspected". */
    public String answer() {
        return status + (flagged() ? " ok, flagged " : " ") + code;
    }

    /**
     * Whether an event could be found by this step: not a request that got no answer, nor a page stuck without a code
     * in its status line (its code is the line itself), which "Show the step's event" looked for in vain (audit 52).
     */
    public boolean hasEvent() {
        return status != 0 || code.matches("[a-z]+(?:_[a-z]+)+");
    }
}
