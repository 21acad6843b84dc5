package io.strata;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The house's shape (DESIGN.md, "The house"): arrows point down. Read from the compiled main classes,
 * so an inline fully qualified name is an arrow too.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.strata");

    private static final String[] SERVICES = {"io.strata.dynamodb..", "io.strata.rds..", "io.strata.ec2.."};

    /**
     * Every package is its own slice, sub-packages included: vault/ may use vault/lock/, or vault/lock/
     * may use vault/, never both. A room's front package and its sub-rooms are layered like the house.
     */
    @Test
    void packagesHaveNoCycle() {
        slices().matching("io.strata.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void servicesImportNoCamel() {
        noClasses().that().resideInAnyPackage(SERVICES).should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..").check(MAIN);
    }

    @Test
    void servicesImportNoOtherService() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage(service).should().dependOnClassesThat()
                    .resideInAnyPackage(others(service)).check(MAIN);
        }
    }

    @Test
    void vaultAndConfigImportNoService() {
        noClasses().that().resideInAnyPackage("io.strata.vault..", "io.strata.config..").should()
                .dependOnClassesThat().resideInAnyPackage(SERVICES).check(MAIN);
    }

    /** The root package holds main alone: nothing below imports it. */
    @Test
    void nothingImportsTheRootPackage() {
        noClasses().that().resideOutsideOfPackage("io.strata").should().dependOnClassesThat()
                .resideInAPackage("io.strata").check(MAIN);
    }

    private static String[] others(String service) {
        return Arrays.stream(SERVICES).filter(s -> !s.equals(service)).toArray(String[]::new);
    }
}
