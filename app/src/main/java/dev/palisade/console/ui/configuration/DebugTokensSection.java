package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.DebugTokenView;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.List;

/**
 * Debug tokens: named, expiring, revocable passes that let tests and tooling bootstrap without the
 * page's proof of work and challenge (nothing else). A new token's value is held only until the
 * operator dismisses it: the server shows it once and the console never again.
 */
public final class DebugTokensSection {

    /** The lifetimes offered; the server accepts one minute to thirty days. */
    public record Lifetime(String label, Duration duration) {
        @Override
        public String toString() { return label; }
    }

    public static final List<Lifetime> LIFETIMES = List.of(new Lifetime("1 hour", Duration.ofHours(1)),
            new Lifetime("1 day", Duration.ofDays(1)), new Lifetime("7 days", Duration.ofDays(7)),
            new Lifetime("30 days", Duration.ofDays(30)));

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<DebugTokenView> tokens = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper created = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    DebugTokensSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    /** One load out at a time (reloads follow live changes): an older answer never lands after a newer one. */
    private final dev.palisade.console.ui.common.OneInFlight loading = new dev.palisade.console.ui.common.OneInFlight();

    public void load() {
        loading.run(background, admin::debugTokens, fresh -> {
            if (!tokens.equals(fresh)) tokens.setAll(fresh);
        }, this::failed);
    }

    public void create(String name, Lifetime lifetime) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty()) {
            message.set("name: a debug token needs a name, so its uses can be told apart in the events");
            return;
        }
        background.run(() -> admin.createDebugToken(trimmed, lifetime.duration().toSeconds()), t -> {
            created.set(t.token());
            message.set("Debug token '" + t.name() + "' created: copy it now, it is not shown again.");
            load();
        }, this::failed);
    }

    public void revoke(DebugTokenView t) {
        background.run(() -> {
            admin.revokeDebugToken(t.id());
            return t.name();
        }, name -> {
            message.set("Debug token '" + name + "' revoked: bootstraps with it are refused at once.");
            load();
        }, this::failed);
    }

    /** Drops the value shown once; from here on only its name, state and uses are known. */
    public void dismissCreated() {
        created.set("");
    }

    private void failed(Throwable t) {
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            message.set(e.errors().get(0).field() + ": " + e.errors().get(0).message());
        } else {
            message.set("Failed: " + t.getMessage());
        }
    }

    public ObservableList<DebugTokenView> tokens() { return tokens; }
    /** The value of the token just created, or empty: the only place it is ever shown. */
    public ReadOnlyStringProperty created() { return created.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
