package dev.hexz.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The module rules of ARCHITECTURE.md, checked on the main classes of every module (the cli
 * depends on all of them, so all are on its test classpath). Rules about modules that hold no
 * classes yet pass vacuously ({@code allowEmptyShould}) and start biting when code arrives.
 */
@AnalyzeClasses(packages = "dev.hexz", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule formatDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("dev.hexz.format..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.hexz.store..", "dev.hexz.fuse..", "dev.hexz.workspace..", "dev.hexz.cli..")
            .because("format is the base: it owns the bytes and knows nothing above it");

    @ArchTest
    static final ArchRule storeUsesOnlyFormat = noClasses()
            .that().resideInAPackage("dev.hexz.store..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.hexz.fuse..", "dev.hexz.workspace..", "dev.hexz.cli..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule fuseKnowsNothingOfWorkspaces = noClasses()
            .that().resideInAPackage("dev.hexz.fuse..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hexz.workspace..", "dev.hexz.cli..")
            .because("fuse mounts any MountedTree")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule nothingDependsOnTheCli = noClasses()
            .that().resideOutsideOfPackage("dev.hexz.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.hexz.cli..");

    @ArchTest
    static final ArchRule onlyTheCliPrints = noClasses()
            .that().resideOutsideOfPackage("dev.hexz.cli..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("only cli prints; libraries report through exceptions and return values");

    @ArchTest
    static final ArchRule onlyTheMainMethodExits = noClasses()
            .that().doNotHaveFullyQualifiedName(HexzMain.class.getName())
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("exit codes are decided in one place, HexzMain.main, so commands stay testable in-process");

    @ArchTest
    static final ArchRule modulesHaveNoCycles = slices().matching("dev.hexz.(*)..").should().beFreeOfCycles();
}
