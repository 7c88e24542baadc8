package dev.calibrate.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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

    private static final int MAX_CLASSES_PER_PACKAGE = 16;

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // under `verify` a module's tests reach the app as its test jar, which DO_NOT_INCLUDE_TESTS
                // does not know (it knows test-classes directories, which is what `test` puts there)
                .withImportOption(location -> !location.contains("-tests.jar"))
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
     * A package splits by concept once it grows past ~15 classes (docs/contributing.md, Module rules): past 16 top-level
     * classes this fails, naming the package, so the split is made when the class that tips it is added.
     * Nested classes and records count with their top-level class.
     */
    @Test
    void noPackageHoldsMoreThanSixteenTopLevelClasses() {
        Map<String, Long> tooLarge = production.stream()
                .filter(javaClass -> javaClass.isTopLevelClass() && !javaClass.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(javaClass -> javaClass.getPackageName(), TreeMap::new, Collectors.counting()));
        tooLarge.values().removeIf(count -> count <= MAX_CLASSES_PER_PACKAGE);
        assertThat(tooLarge).as("packages with more than %d top-level classes", MAX_CLASSES_PER_PACKAGE).isEmpty();
    }

    /**
     * A module's top-level packages (one per concept, with their sub-packages) build on each other in one
     * direction, on every side. The cycles older than this rule are named edge by edge, one edge of each loop,
     * so a new cycle fails; an ignore goes when its loop is taken apart.
     */
    @Test
    void aModulesTopLevelPackagesHaveNoCycles() {
        slices().matching("dev.calibrate.(*).(*)..").namingSlices("$1 $2")
                .should().beFreeOfCycles()
                // every message names its tenant, and the tenant's own commands are tenant commands
                .ignoreDependency(resideInAPackage("dev.calibrate.kernel.message.."), type("dev.calibrate.kernel.tenant.TenantId"))
                // a change's items name their product and its brand floor, and a product's price events the change
                .ignoreDependency(resideInAPackage("dev.calibrate.kernel.pricechange.."), type("dev.calibrate.kernel.product.ProductId"))
                .ignoreDependency(resideInAPackage("dev.calibrate.kernel.pricechange.."), type("dev.calibrate.kernel.product.BrandFloors"))
                // a change names the saved rule it came from, and a rule's scheduled run the change it drafted
                .ignoreDependency(resideInAPackage("dev.calibrate.kernel.pricechange.."), type("dev.calibrate.kernel.rule.RuleRef"))
                // the pricing engine's Deadline is the time budget catalog and prior-price reads take too
                .ignoreDependency(resideInAnyPackage("dev.calibrate.command.catalog..", "dev.calibrate.command.priorprice.."),
                        type("dev.calibrate.command.pricing.Deadline"))
                // a compiled rule runs the anomaly check over its preview; the anomalies read catalog columns
                .ignoreDependency(resideInAPackage("dev.calibrate.command.pricing.."), type("dev.calibrate.command.anomaly.PreviewAnomalies"))
                // controllers' caller argument reads the CallerAuthentication; security answers with web Problems
                .ignoreDependency(resideInAPackage("dev.calibrate.app.web.."), type("dev.calibrate.app.security.CallerAuthentication"))
                .check(production);
    }

    /**
     * Sub-packages split from one concept (command catalog.moves and catalog.source, pricechange.approval, .edit,
     * .run, the app's webhooks) build on each other in one direction. A connector's sub-packages (connection,
     * api, catalog, webhooks, writeback, status) are such slices too, so each can be read, and changed, knowing
     * only the ones beneath it; and webhook delivery builds on the outbox (what is owed to whom), never the
     * reverse.
     */
    @Test
    void subPackagesOfAConceptHaveNoCycles() {
        slices().matching("dev.calibrate.(*).(*).(*)..").namingSlices("$1 $2 $3")
                .should().beFreeOfCycles()
                .check(production);
    }

    /**
     * The sub-packages split from a package (command pricechange.edit, .approval and .preview, catalog.moves
     * and .source, product.price) do not use the package they came from, which uses them: a parent and its
     * child would otherwise form a cycle that the rules above, slicing by sub-package, cannot see.
     */
    @Test
    void subPackagesSplitFromAPackageDoNotUseIt() {
        Map<String, String> parentOf = Map.of(
                "dev.calibrate.command.pricechange.edit..", "dev.calibrate.command.pricechange",
                "dev.calibrate.command.pricechange.approval..", "dev.calibrate.command.pricechange",
                "dev.calibrate.command.catalog.moves..", "dev.calibrate.command.catalog",
                "dev.calibrate.command.catalog.source..", "dev.calibrate.command.catalog",
                "dev.calibrate.command.pricechange.preview..", "dev.calibrate.command.pricechange",
                "dev.calibrate.command.product.price..", "dev.calibrate.command.product");
        parentOf.forEach((child, parent) -> noClasses().that().resideInAPackage(child)
                .should().dependOnClassesThat().resideInAPackage(parent)
                .check(production));
    }

    /**
     * A sub-package built on top of its package (the query side's feed.stream: the feed as Server-Sent Events)
     * uses the package, which does not use it back: the other direction of the rule above.
     */
    @Test
    void packagesDoNotUseTheSubPackagesBuiltOnThem() {
        Map<String, String> builtOn = Map.of("dev.calibrate.query.feed", "dev.calibrate.query.feed.stream..");
        builtOn.forEach((parent, child) -> noClasses().that().resideInAPackage(parent)
                .should().dependOnClassesThat().resideInAPackage(child)
                .check(production));
    }

    /**
     * A product's prices change only as its events are remembered: in the {@code Product}'s event-sourcing
     * handlers, and in {@code PriceWriteState}, which takes in a product's events for a chunked price write
     * as the aggregate does. {@code ProductPrices}' remembering methods are public only because product.price
     * is a package of its own, beneath the product.
     */
    @Test
    void onlyAProductsEventsChangeItsPrices() {
        String prices = "dev.calibrate.command.product.price.ProductPrices";
        Set<String> remembering = Set.of("brandFloorsSet", "observed", "changed", "conflicted");
        noClasses().that().doNotHaveFullyQualifiedName("dev.calibrate.command.product.Product")
                .and().doNotHaveFullyQualifiedName("dev.calibrate.command.product.price.PriceWriteState")
                .should().callMethodWhere(DescribedPredicate.describe("a method of ProductPrices remembering an event",
                        (JavaMethodCall call) -> call.getTargetOwner().getName().equals(prices)
                                && remembering.contains(call.getName())))
                .check(production);
    }

    /** A class and its nested classes, by the top-level class's name. */
    private static DescribedPredicate<JavaClass> type(String name) {
        return DescribedPredicate.describe(name, javaClass -> javaClass.getName().equals(name)
                || javaClass.getName().startsWith(name + "$"));
    }
}
