package dev.palisade.engine;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.auth.CreatedApiKey;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An API key revoked, or a user disabled or deleted, while a login runs (its password being checked):
 * the revocation finds no session of the key or user yet, so the login must not open one that outlives it.
 */
class LoginRaceTest {

    @TempDir
    Path dir;
    private final AtomicReference<Runnable> duringLogin = new AtomicReference<>();
    private EngineFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    /** The store, running {@link #duringLogin} once when a login asks for its place (after its password, before its session). */
    private Store withAHookInTheLogin(Store store) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("holdSession")) {
                Runnable hook = duringLogin.getAndSet(null);
                if (hook != null) hook.run();
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void aKeyRevokedWhileItsLoginRanOpensNoLiveSession() {
        f = new EngineFixture(dir, this::withAHookInTheLogin);
        Operator owner = f.engine.operator(Actor.OWNER);
        owner.updateSequenceRules(List.of(new SequenceRule.MaxSessions(0, 100))); // a login then asks for its place
        owner.createUser("alice", EngineFixture.PASSWORD.clone());
        CreatedApiKey key = owner.createApiKey("robot", List.of("/auth/login"));
        CreatedApiKey other = owner.createApiKey("other", List.of("/auth/login"));

        duringLogin.set(() -> owner.revokeApiKey(key.key().id()));
        assertThatThrownBy(() -> f.loginWithApiKey("alice", key.secret()))
                .isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(Reason.INVALID_API_KEY));
        assertThat(duringLogin.get()).as("the revocation ran").isNull();
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.openedBy(key.key().id()))
                .as("opened after the revocation looked, and revoked by the login").singleElement()
                .satisfies(s -> assertThat(s.isRevoked()).isTrue());

        f.restart();
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.openedBy(key.key().id())).allMatch(Session::isRevoked);
        assertThat(f.loginWithApiKey("alice", other.secret()).sessionId()).as("another key logs in as before").isNotEmpty();
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.origin() == SessionOrigin.API_KEY && !s.isRevoked())
                .extracting(Session::apiKeyId).containsExactly(other.key().id());
    }

    @Test
    void aUserDisabledOrDeletedWhileTheirLoginRanOpensNoLiveSession() {
        f = new EngineFixture(dir, this::withAHookInTheLogin);
        Operator owner = f.engine.operator(Actor.OWNER);
        owner.updateSequenceRules(List.of(new SequenceRule.MaxSessions(0, 100)));
        owner.createUser("alice", EngineFixture.PASSWORD.clone());
        owner.createUser("bob", EngineFixture.PASSWORD.clone());

        duringLogin.set(() -> owner.updateUser("alice", null, true));
        assertThatThrownBy(() -> f.login("alice"))
                .isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(Reason.USER_DISABLED));
        assertThat(duringLogin.get()).as("the disable ran").isNull();
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.user().equals("alice")).isNotEmpty().allMatch(Session::isRevoked);

        duringLogin.set(() -> owner.deleteUser("bob"));
        assertThatThrownBy(() -> f.login("bob"))
                .isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIALS));
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.user().equals("bob")).isNotEmpty().allMatch(Session::isRevoked);
        f.restart();
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.user().equals("alice") || s.user().equals("bob"))
                .allMatch(Session::isRevoked);
    }

    /*
     * The cluster audit of session 53 (L2): an operator who set a new password for a leaked one (and revoked the user's
     * sessions) while a login with the old one was being checked, or on another node before this one heard of it, had
     * not stopped that login: its session was new, so the revocation did not cover it.
     */
    @Test
    void aNewPasswordSetWhileTheOldOneWasCheckedOpensNoLiveSession() {
        f = new EngineFixture(dir, this::withAHookInTheLogin);
        Operator owner = f.engine.operator(Actor.OWNER);
        owner.updateSequenceRules(List.of(new SequenceRule.MaxSessions(0, 100)));
        owner.createUser("carol", EngineFixture.PASSWORD.clone());

        duringLogin.set(() -> owner.updateUser("carol", "a brand new password".toCharArray(), null));
        assertThatThrownBy(() -> f.login("carol"))
                .isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIALS));
        assertThat(duringLogin.get()).as("the new password was set").isNull();
        assertThat(f.engine.sessions().all()).filteredOn(s -> s.user().equals("carol")).isNotEmpty().allMatch(Session::isRevoked);
        assertThatThrownBy(() -> f.login("carol")).as("the old password, at the next login")
                .isInstanceOfSatisfying(Denial.class, d -> assertThat(d.reason()).isEqualTo(Reason.INVALID_CREDENTIALS));
    }
}
