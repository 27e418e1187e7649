package dev.palisade.console.ui.users;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.client.Dtos.SessionFilter;
import dev.palisade.console.client.Dtos.SessionView;
import dev.palisade.console.client.Dtos.UserDetail;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Formats;
import dev.palisade.console.ui.common.OneInFlight;
import dev.palisade.console.ui.common.ReportBusy;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One user in one place: their account and login throttle, their sessions, their recent refusals
 * and fingerprint changes, and what an operator does about them (a new password, all sessions
 * revoked, the throttle lifted, the user disabled or enabled).
 */
public final class UserPageViewModel {

    /** Events read for the page's lists: enough for "recent", bounded for a busy user. */
    static final int RECENT = 200;

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<String> users = FXCollections.observableArrayList();
    private final StringProperty chosen = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<UserDetail> user = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SessionView> sessions = FXCollections.observableArrayList();
    private final ObservableList<EventView> refusals = FXCollections.observableArrayList();
    private final ObservableList<EventView> fingerprints = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a user.");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private int generation;
    /** The page's lists of events the server was too busy to report: a calm line, asked again at the poll past its wait. */
    private final ReportBusy.Retry busy = new ReportBusy.Retry();
    private final OneInFlight loading = new OneInFlight();
    /** Whether the view is on screen: only then is the chosen user's page read again as events come. */
    private final javafx.beans.property.BooleanProperty showing = new javafx.beans.property.SimpleBooleanProperty(true);
    /** Whether an event about the chosen user came since the page was read. */
    private boolean stale;

    public UserPageViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    /**
     * Loads the names to choose from, as the view is shown, and the chosen user's page again: a user
     * deleted or changed meanwhile, or a new session, shows as it is now.
     */
    public void loadUsers() {
        loadNames(true);
    }

    /** The names to choose from; the chosen user's page read again too when {@code andPage}. */
    private void loadNames(boolean andPage) {
        background.run(admin::users, list -> {
            users.setAll(list.stream().map(u -> u.username()).toList());
            if (andPage && !chosen.get().isEmpty()) open(chosen.get());
        }, t -> message.set("Cannot list users: " + t.getMessage()));
    }

    /**
     * Shows {@code name}: their account, sessions, refusals and fingerprint changes. One user's page is
     * loaded at a time: users passed over while one loads are never asked for, only the last one chosen.
     */
    public void open(String name) {
        if (name == null || name.isBlank()) return;
        message.set("");
        read(name.trim());
    }

    /** Whether the message says part of the page could not be read: the next read takes it back. */
    private boolean unread;

    /** Reads {@code n}'s page, leaving the last message as it is (what an action did stays said). */
    private void read(String n) {
        if (unread) message.set(""); // a read that failed is told until the next one
        unread = false;
        chosen.set(n);
        int mine = ++generation;
        loading.ask(() -> load(n, mine));
    }

    /**
     * Live events, on the UI thread: one that names the chosen user (a login, a refused call, the first call
     * of a session revoked elsewhere, a fingerprint change; an operator's own events name none) makes the page
     * stale, read again by {@link #refreshIfStale} while shown.
     */
    public void onEvents(java.util.List<EventView> batch) {
        String name = chosen.get();
        if (stale || name == null || name.isEmpty()) return;
        for (EventView e : batch) {
            if (name.equals(e.user())) {
                stale = true;
                return;
            }
        }
    }

    /** Reads the chosen user's page again if events made it stale and the view is shown (a timer's call). */
    public void refreshIfStale() {
        if (!stale || !showing.get() || chosen.get().isEmpty()) return;
        stale = false;
        read(chosen.get()); // "1 session of carol revoked." stays: the refusals it brings about are news of it
    }

    public javafx.beans.property.BooleanProperty showing() { return showing; }

    /**
     * Makes a user; {@code refused} is told why the server did not (the dialog then keeps what was typed),
     * {@code done} once it did, and the new user is shown.
     */
    public void createUser(String name, String password, java.util.function.Consumer<String> refused, Runnable done) {
        String n = name == null ? "" : name.trim();
        background.run(() -> admin.createUser(n, password), made -> {
            done.run();
            open(made.username()); // which clears the last message: this one is said after it
            loadNames(false);
            message.set("User " + made.username() + " created.");
        }, t -> refused.accept("Not created: " + t.getMessage()));
    }

    /** Deletes the chosen user (their sessions end with them); the page is cleared, the names read again. */
    public void deleteUser() {
        String name = chosen.get();
        if (name == null || name.isEmpty()) return;
        background.run(() -> {
            admin.deleteUser(name);
            return name;
        }, gone -> {
            if (gone.equals(chosen.get())) {
                generation++; // a page of theirs still on its way is not shown
                busy.clear(); // nor asked for again
                chosen.set("");
                user.set(null);
                sessions.clear();
                refusals.clear();
                fingerprints.clear();
                status.set("Choose a user.");
            }
            loadNames(false);
            message.set("User " + gone + " deleted; their sessions are revoked.");
        }, t -> message.set("Not deleted: " + t.getMessage()));
    }

    /** The page's four requests; the next page may be asked for once the last of them landed. */
    private void load(String n, int mine) {
        int[] out = {4};
        Runnable landed = () -> {
            if (--out[0] == 0) loading.answered();
        };
        ask(() -> admin.user(n), landed, u -> {
            if (mine != generation) return;
            user.set(u);
            status.set(describe(u));
        }, t -> {
            if (mine != generation) return;
            user.set(null);
            sessions.clear();
            refusals.clear();
            fingerprints.clear();
            // the server's 404 says the same words again: "No user nobody (no user nobody)."
            status.set(t instanceof dev.palisade.console.client.AdminApiException e && e.status() == 404 ? "No user " + n + "."
                    : "Cannot load " + n + ": " + t.getMessage());
        });
        ask(() -> admin.sessions(new SessionFilter(n, null, null, 0, RECENT)).items(), landed, list -> {
            if (mine == generation) sessions.setAll(list);
        }, t -> unreadable(mine, "Cannot load the sessions: " + t.getMessage()));
        askEvents(n, mine, landed);
    }

    /**
     * The page's two lists of events, reports of the server, asked together: when the server was too busy to make
     * either, a calm line says so, what the page shows stays, and both are asked again at the poll past its
     * Retry-After (the line stays until they are answered or refused again). {@code landed} runs as each lands.
     */
    private void askEvents(String n, int mine, Runnable landed) {
        int[] out = {2};
        Throwable[] busyWith = {null};
        Runnable settled = () -> {
            landed.run();
            if (--out[0] > 0 || mine != generation) return;
            if (busyWith[0] == null) busy.clear();
            else busy.waitOut(busyWith[0], "the refusals and fingerprint changes of " + n, () -> {
                if (mine == generation) askEvents(n, mine, () -> {});
            });
        };
        ask(() -> admin.events(new EventFilter(null, null, null, null, null, null, n, 0, RECENT)).items(), settled, list -> {
            if (mine == generation) refusals.setAll(list.stream().filter(e -> !e.allowed()).toList());
        }, t -> {
            if (ReportBusy.is(t)) busyWith[0] = t;
            else unreadable(mine, "Cannot load the refusals: " + t.getMessage());
        });
        EventFilter changes = new EventFilter(null, null, "fingerprint_mismatch", null, null, null, n, 0, RECENT);
        ask(() -> admin.events(changes).items(), settled, list -> {
            if (mine == generation) fingerprints.setAll(list);
        }, t -> {
            if (ReportBusy.is(t)) busyWith[0] = t;
            else unreadable(mine, "Cannot load the fingerprint changes: " + t.getMessage());
        });
    }

    /** The window's poll at {@code now}: lists the server was too busy to report are asked again once its wait has passed. */
    public void tick(long now) {
        busy.poll(now);
    }

    /** A read of page {@code mine} failed: told unless another user's page was asked for since (audit 51). */
    private void unreadable(int mine, String why) {
        if (mine != generation) return;
        unread = true;
        message.set(why);
    }

    /** One of the page's requests: {@code landed} runs after its answer is taken, whichever way it ends. */
    private <T> void ask(java.util.concurrent.Callable<T> work, Runnable landed, java.util.function.Consumer<T> onSuccess,
                         java.util.function.Consumer<Throwable> onFailure) {
        background.run(work, v -> {
            try {
                onSuccess.accept(v);
            } finally {
                landed.run();
            }
        }, t -> {
            try {
                onFailure.accept(t);
            } finally {
                landed.run();
            }
        });
    }

    static String describe(UserDetail u) {
        StringBuilder b = new StringBuilder(u.username()).append(u.disabled() ? ": disabled" : ": enabled");
        if (u.failedLogins() == null || u.retryAfterSeconds() == null) {
            b.append(" · login throttle unknown: the cluster's shared store does not answer");
        } else if (u.retryAfterSeconds() > 0) {
            b.append(" · login throttled: ").append(Formats.count(u.failedLogins(), "failed login")).append(", next try in ")
                    .append(u.retryAfterSeconds()).append(" s");
        } else if (u.failedLogins() > 0) {
            b.append(" · ").append(Formats.count(u.failedLogins(), "failed login")).append(" lately");
        }
        return b.toString();
    }

    /**
     * Sets the chosen user's password; {@code refused} is told why the server did not (the dialog then
     * keeps what was typed), {@code done} once it did.
     */
    public void setPassword(String password, java.util.function.Consumer<String> refused, Runnable done) {
        String name = chosen.get();
        if (name == null || name.isEmpty()) return;
        background.run(() -> {
            admin.updateUser(name, password, null);
            return "New password set for " + name + ".";
        }, ok -> {
            if (name.equals(chosen.get())) open(name);
            message.set(ok);
            done.run();
        }, t -> refused.accept("Not set: " + t.getMessage()));
    }

    public void revokeSessions() {
        act(name -> {
            int n = admin.revokeUserSessions(name);
            return Formats.count(n, "session") + " of " + name + " revoked.";
        });
    }

    public void liftThrottle() {
        act(name -> {
            admin.liftLoginThrottle(name);
            return name + " may log in again at once.";
        });
    }

    public void setDisabled(boolean disabled) {
        act(name -> {
            admin.updateUser(name, null, disabled);
            return name + (disabled ? " is disabled; their sessions are revoked." : " is enabled.");
        });
    }

    /** An action on one user, named when it runs; says what it did. */
    private interface Action {
        String on(String name) throws Exception;
    }

    /**
     * Runs an action on the user chosen now, when the operator clicked (not on whoever is chosen when
     * the background gets to it), says what it did, and shows the user again if still chosen.
     */
    private void act(Action action) {
        String name = chosen.get();
        if (name == null || name.isEmpty()) return;
        background.run(() -> action.on(name), done -> {
            if (name.equals(chosen.get())) open(name);
            message.set(done);
        }, t -> message.set("Not done: " + t.getMessage()));
    }

    public ObservableList<String> users() { return users; }
    public StringProperty chosen() { return chosen; }
    public ReadOnlyObjectProperty<UserDetail> user() { return user.getReadOnlyProperty(); }
    public ObservableList<SessionView> sessions() { return sessions; }
    public ObservableList<EventView> refusals() { return refusals; }
    public ObservableList<EventView> fingerprints() { return fingerprints; }
    public ReadOnlyStringProperty status() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    /** Empty, or which of the page's lists the server was too busy to report just now and when they are asked again (not an error). */
    public ReadOnlyStringProperty busy() { return busy.line(); }
}
