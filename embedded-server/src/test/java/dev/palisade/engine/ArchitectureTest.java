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

    @Test
    void storeDoesNotDependOnHttpHandlers() {
        noClasses().that().resideInAPackage("dev.palisade.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "dev.palisade.http..")
                .check(PALISADE);
    }
}
