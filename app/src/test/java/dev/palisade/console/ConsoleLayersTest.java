package dev.palisade.console;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The console talks to the server only through its admin API (and the scenarios through its public one), so a
 * console on a remote server behaves as the bundled one does: the server's classes are on the console's class path
 * for the bundled server alone, which {@link BundledServer} and {@link Launcher} start (audit 51).
 */
class ConsoleLayersTest {

    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.palisade.console");

    /** A class of the server's: anything of Palisade's that is neither the console's nor the shared protocol's. */
    private static final DescribedPredicate<JavaClass> SERVER = resideInAPackage("dev.palisade..")
            .and(DescribedPredicate.not(resideInAnyPackage("dev.palisade.console..", "dev.palisade.protocol..")))
            .as("are the server's");

    @Test
    void theViewsTheAdminClientAndTheScenariosUseNoClassOfTheServers() {
        noClasses().that().resideInAnyPackage("dev.palisade.console.ui..", "dev.palisade.console.client..",
                        "dev.palisade.console.scenarios..")
                .should().dependOnClassesThat(SERVER)
                .because("the console reaches the server through its APIs only")
                .check(CONSOLE);
    }

    @Test
    void onlyTheBundledServersStartUsesTheServersClasses() {
        noClasses().that().resideInAPackage("dev.palisade.console")
                .and().doNotHaveSimpleName("BundledServer").and().doNotHaveSimpleName("Launcher")
                .should().dependOnClassesThat(SERVER.and(DescribedPredicate.not(
                        JavaClass.Predicates.equivalentTo(dev.palisade.store.PrivateFiles.class))))
                .because("files of the console's own (profiles) are written as the server writes its own; nothing else")
                .check(CONSOLE);
    }
}
