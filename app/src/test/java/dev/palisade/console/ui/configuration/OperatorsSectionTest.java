package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.OperatorView;
import dev.palisade.console.client.Dtos.UserView;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Configuration view's operators against a real server: tokens the owner creates are listed with
 * their role, work against the admin API within that role's limits, and stop working once revoked.
 */
class OperatorsSectionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient owner;
    private OperatorsSection operators;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        owner = server.admin();
        operators = new ConfigurationViewModel(owner, Background.direct()).operators();
        operators.load();
    }

    @AfterEach
    void stop() { server.close(); }

    /** Creates through the form as the owner would, and answers the token shown once. */
    private String create(String name, String role) {
        operators.name().set(name);
        operators.role().set(OperatorsSection.ROLES.stream().filter(r -> r.name().equals(role)).findFirst().orElseThrow());
        operators.create();
        String token = operators.created().get();
        assertThat(token).as(operators.message().get()).isNotEmpty();
        operators.dismissCreated();
        return token;
    }

    private AdminClient holding(String token) {
        return new AdminClient(server.context().adminUrl(), token);
    }

    private OperatorView listed(String name) {
        return operators.operators().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aCreatedOperatorIsListedWithItsRoleAndItsTokenIsShownOnce() {
        assertThat(operators.operators()).isEmpty();
        operators.name().set("  alice ");
        operators.role().set(OperatorsSection.ROLES.get(1));
        operators.create();
        String token = operators.created().get();
        assertThat(token).startsWith("pot.");
        assertThat(operators.message().get()).contains("'alice'").contains("operator").contains("not shown again");
        assertThat(operators.name().get()).as("the form is ready for the next one").isEmpty();
        assertThat(operators.operators()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("alice");
            assertThat(o.role()).isEqualTo("operator");
            assertThat(o.state()).isEqualTo("active");
            assertThat(o.createdAt()).isPositive();
            assertThat(o.lastUsedAt()).as("not used yet").isZero();
        });
        assertThat(owner.operators()).extracting(OperatorView::name).containsExactly("alice");

        operators.dismissCreated();
        assertThat(operators.created().get()).as("never shown again").isEmpty();
    }

    @Test
    void aViewerTokenLooksButEveryChangeIsRefusedForItsRole() {
        AdminClient viewer = holding(create("vera", "viewer"));
        assertThat(listed("vera").role()).isEqualTo("viewer");

        assertThat(viewer.users()).extracting(UserView::username).contains("demo");
        assertThatThrownBy(() -> viewer.createUser("mallory", "long-enough-password"))
                .isInstanceOfSatisfying(AdminApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("forbidden_role");
                });
        assertThat(owner.users()).extracting(UserView::username).doesNotContain("mallory");

        operators.load();
        assertThat(listed("vera").lastUsedAt()).as("its use shows in the list").isPositive();
    }

    @Test
    void anOperatorTokenChangesButDoesNotManageOperators() {
        AdminClient olga = holding(create("olga", "operator"));
        olga.createUser("walter", "long-enough-password");
        assertThat(owner.users()).extracting(UserView::username).contains("walter");
        assertThatThrownBy(olga::operators).isInstanceOfSatisfying(AdminApiException.class,
                e -> assertThat(e.code()).isEqualTo("forbidden_role"));
    }

    @Test
    void aRevokedTokenIsRefusedFromTheNextCallOn() {
        AdminClient vera = holding(create("vera", "viewer"));
        assertThat(vera.users()).isNotEmpty();

        operators.revoke(listed("vera"));
        assertThat(operators.message().get()).contains("'vera' revoked");
        assertThat(listed("vera").state()).isEqualTo("revoked");
        assertThatThrownBy(vera::users).isInstanceOfSatisfying(AdminApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("admin_unauthorized");
        });
    }

    @Test
    void aRefusalIsASentenceAndTheFormKeepsWhatWasTyped() {
        operators.name().set("   ");
        operators.create();
        assertThat(operators.message().get()).startsWith("name:");

        operators.name().set("Owner");
        operators.create();
        assertThat(operators.message().get()).startsWith("name:").contains("reserved");
        assertThat(operators.name().get()).isEqualTo("Owner");

        create("alice", "viewer");
        operators.name().set("ALICE");
        operators.role().set(OperatorsSection.ROLES.get(1));
        operators.create();
        assertThat(operators.message().get()).startsWith("Not created:").containsIgnoringCase("already named 'alice'");
        assertThat(operators.name().get()).isEqualTo("ALICE");
        assertThat(operators.role().get().name()).isEqualTo("operator");
        assertThat(operators.created().get()).isEmpty();
        assertThat(owner.operators()).extracting(OperatorView::name).containsExactly("alice");
    }

    @Test
    void aConsoleConnectedWithAnOperatorsTokenIsToldThatOnlyTheOwnerManagesThem() {
        String token = create("olga", "operator");
        OperatorsSection asOlga = new ConfigurationViewModel(holding(token), Background.direct()).operators();
        asOlga.load();
        assertThat(asOlga.operators()).isEmpty();
        assertThat(asOlga.message().get()).startsWith("Only the owner").contains("admin.token")
                .contains("operator token 'olga'");

        asOlga.name().set("bob");
        asOlga.create();
        assertThat(asOlga.message().get()).startsWith("Only the owner");
        assertThat(asOlga.name().get()).isEqualTo("bob");
        assertThat(owner.operators()).extracting(OperatorView::name).containsExactly("olga");
    }
}
