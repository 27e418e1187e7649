package dev.palisade.console.client;

/**
 * {@code GET/PUT /admin/alerts}: when the server raises an {@code alert} event.
 *
 * @param deniedPerMinute           refusals within a minute above which it alerts (at most once a minute); 0 is off
 * @param automationSuspected       an alert for each new session from a browser that looked automated
 * @param ipAutoBlocked             an alert for each address the auto-block put on the blacklist
 * @param loginsPerUserPer10Minutes one user's logins within 10 minutes above which it alerts (at most once per user in
 *                                  10 minutes); 0 is off
 * @param loginsBusy                an alert when logins are refused {@code login_busy} (the password checks are full: a
 *                                  flood of guesses), at once, then at most once a minute while they go on
 */
public record AlertSettingsView(int deniedPerMinute, boolean automationSuspected, boolean ipAutoBlocked,
                                int loginsPerUserPer10Minutes, boolean loginsBusy) {}
