package dev.calibrate.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries: the shared kernel stands alone (no other module, no Spring), schemas only
 * know the kernel, and the command side, the query side and the connectors never reach into each
 * other or into the app.
 */
class ArchitectureTest {

    private static final String KERNEL = "dev.calibrate.kernel..";
    private static final String SCHEMAS = "dev.calibrate.schemas..";
    private static final String COMMAND = "dev.calibrate.command..";
    private static final String QUERY = "dev.calibrate.query..";
    private static final String CONNECTORS = "dev.calibrate.connectors..";
    private static final String APP = "dev.calibrate.app..";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.calibrate");
    }

    @Test
    void everyModuleIsImported() {
        for (String module : new String[] {KERNEL, SCHEMAS, COMMAND, QUERY, CONNECTORS, APP}) {
            assertThat(production.stream().filter(resideInAPackage(module)::test))
                    .as("classes in %s", module).isNotEmpty();
        }
    }

    @Test
    void theKernelDependsOnNoOtherModule() {
        classes().that().resideInAPackage(KERNEL)
                .should().onlyDependOnClassesThat(resideInAPackage(KERNEL).or(resideOutsideOfPackage("dev.calibrate..")))
                .check(production);
    }

    @Test
    void theKernelDoesNotDependOnSpring() {
        noClasses().that().resideInAPackage(KERNEL)
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(production);
    }

    @Test
    void schemasDependOnlyOnTheKernel() {
        classes().that().resideInAPackage(SCHEMAS)
                .should().onlyDependOnClassesThat(resideInAnyPackage(SCHEMAS, KERNEL)
                        .or(resideOutsideOfPackage("dev.calibrate..")))
                .check(production);
    }

    @Test
    void theCommandSideDoesNotDependOnTheQuerySideOrTheApp() {
        noClasses().that().resideInAPackage(COMMAND)
                .should().dependOnClassesThat().resideInAnyPackage(QUERY, CONNECTORS, APP)
                .check(production);
    }

    @Test
    void theQuerySideDoesNotDependOnTheCommandSideOrTheApp() {
        noClasses().that().resideInAPackage(QUERY)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, CONNECTORS, APP)
                .check(production);
    }

    /**
     * The query side writes its tables from events, never for a request, so it only reads through
     * {@link TenantScope} (read-only, as {@code calibrate_api}); the check stands in for the read-only
     * wrapper the query side used to have.
     */
    @Test
    void theQuerySideOnlyReadsForATenant() {
        noClasses().that().resideInAPackage(QUERY)
                .should().callMethod(TenantScope.class, "write", TenantId.class, Supplier.class)
                .check(production);
    }

    @Test
    void connectorsDependOnNeitherSideNorTheApp() {
        noClasses().that().resideInAPackage(CONNECTORS)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, APP)
                .check(production);
    }

    /**
     * A connector's sub-packages (connection, api, catalog, webhooks, writeback, status) build on each
     * other in one direction, so each can be read, and changed, knowing only the ones beneath it.
     */
    @Test
    void aConnectorsSubPackagesHaveNoCycles() {
        slices().matching("dev.calibrate.connectors.(*).(*)..").namingSlices("$1 $2")
                .should().beFreeOfCycles()
                .check(production);
    }

    /**
     * Webhooks: the outbox (what is owed to whom) knows nothing of how deliveries are sent, and sending
     * knows nothing of the outbox, so each can be changed knowing only what it builds on.
     */
    @Test
    void webhooksSubPackagesHaveNoCycles() {
        slices().matching("dev.calibrate.app.webhooks.(*)..").namingSlices("webhooks $1")
                .should().beFreeOfCycles()
                .check(production);
    }
}
