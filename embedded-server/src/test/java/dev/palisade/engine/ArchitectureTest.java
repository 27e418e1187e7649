package dev.palisade.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine stays plain Java: decisions are testable without a server, a window or a database. */
class ArchitectureTest {

    private static final JavaClasses PALISADE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.palisade");

    @Test
    void engineImportsNoJettyJavaFxOkHttpJdbcRedisOrPrometheus() {
        noClasses().that().resideInAPackage("dev.palisade.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.eclipse.jetty..", "javafx..", "okhttp3..", "java.sql..", "org.sqlite..",
                        "com.fasterxml.jackson..", "io.prometheus..", "io.lettuce..", "io.netty..")
                .check(PALISADE);
    }

    @Test
    void engineDoesNotReachIntoAdapters() {
        noClasses().that().resideInAPackage("dev.palisade.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.palisade.http..", "dev.palisade.store..",
                        "dev.palisade.state..")
                .check(PALISADE);
    }

    @Test
    void metricsAreAnAdapterTheEngineDoesNotKnow() {
        noClasses().that().resideInAPackage("dev.palisade.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.palisade.metrics..")
                .check(PALISADE);
        noClasses().that().resideInAPackage("dev.palisade.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "dev.palisade.http..")
                .check(PALISADE);
    }

    @Test
    void theRedisAdapterKnowsNoHttpAndNoSqlite() {
        noClasses().that().resideInAPackage("dev.palisade.state..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "dev.palisade.http..",
                        "dev.palisade.store..", "java.sql..")
                .check(PALISADE);
    }

    /**
     * The request path looks a session or an API key it does not hold up in the store (one another node
     * of a cluster made). The SQLite store answers none (a process alone holds every one already): if it
     * did, an unknown token would wait on SQLite on the request path.
     */
    @Test
    void theSqliteStoreLeavesTheRequestPathsLookupsToTheCluster() {
        for (String lookup : new String[] {"findSession", "findApiKey"}) {
            org.assertj.core.api.Assertions.assertThat(java.util.Arrays.stream(dev.palisade.store.sqlite.SqliteStore.class.getMethods())
                            .filter(m -> m.getName().equals(lookup)).map(java.lang.reflect.Method::getDeclaringClass))
                    .as(lookup).containsOnly(lookup.equals("findSession") ? dev.palisade.engine.store.SessionStore.class
                            : dev.palisade.engine.store.ApiKeyStore.class);
        }
    }

    @Test
    void storeDoesNotDependOnHttpHandlers() {
        noClasses().that().resideInAPackage("dev.palisade.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "dev.palisade.http..")
                .check(PALISADE);
    }
}
