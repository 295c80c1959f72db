package dev.convoy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the modules, as {@code docs/ARCHITECTURE.md} draws it, checked on the compiled classes:
 * no package depends on a package of a module above it, no two packages depend on each other (directly or
 * round a loop), and only the OpenCL module touches JOCL. A new import that breaks the layering fails here.
 */
class ArchitectureTest {
    // packages per module, bottom to top
    private static final String[] CORE = {"dev.convoy", "dev.convoy.tensor..", "dev.convoy.graph..", "dev.convoy.arith..",
        "dev.convoy.reference..", "dev.convoy.io..", "dev.convoy.data..", "dev.convoy.eval..", "dev.convoy.report.."};
    private static final String[] HW = {"dev.convoy.hw.."};
    private static final String[] ONNX = {"dev.convoy.onnx..", "dev.convoy.passes.."};
    private static final String[] QUANT = {"dev.convoy.quant..", "dev.convoy.integer..", "dev.convoy.validate.."};
    private static final String[] SIMULATOR = {"dev.convoy.schedule..", "dev.convoy.sim.."};
    private static final String[] OPENCL = {"dev.convoy.opencl.."};
    private static final String[] APARAPI = {"dev.convoy.aparapi.."};
    private static final String[] CPU = {"dev.convoy.cpu.."};
    private static final String[] ENGINE = {"dev.convoy.engine.."};
    private static final String[] REPORT = {"dev.convoy.html..", "dev.convoy.chart..", "dev.convoy.manifold..", "dev.convoy.visual.."};
    private static final String[] SPARK = {"dev.convoy.spark.."};
    private static final String[] CLI = {"dev.convoy.cli.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.convoy");
    }

    private static String[] concat(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void coreDependsOnNothingAboveIt() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage(concat(HW, ONNX, QUANT, SIMULATOR, OPENCL, APARAPI, CPU, ENGINE, REPORT, CLI)).check(classes);
    }

    @Test
    void theFastCpuEngineSitsOnQuantization() {
        // its integer path runs the quantized layers with quant's own requantization rules
        noClasses().that().resideInAnyPackage(CPU).should().dependOnClassesThat()
                .resideInAnyPackage(concat(HW, ONNX, SIMULATOR, OPENCL, APARAPI, ENGINE, REPORT, CLI)).check(classes);
    }

    @Test
    void hardwareConfigSitsOnCore() {
        noClasses().that().resideInAnyPackage(HW).should().dependOnClassesThat()
                .resideInAnyPackage(concat(ONNX, QUANT, SIMULATOR, OPENCL, APARAPI, ENGINE, REPORT, CLI)).check(classes);
    }

    @Test
    void onnxImportSitsOnCore() {
        noClasses().that().resideInAnyPackage(ONNX).should().dependOnClassesThat()
                .resideInAnyPackage(concat(HW, QUANT, SIMULATOR, OPENCL, APARAPI, ENGINE, REPORT, CLI)).check(classes);
    }

    @Test
    void quantizationSitsOnImport() {
        noClasses().that().resideInAnyPackage(QUANT).should().dependOnClassesThat()
                .resideInAnyPackage(concat(HW, SIMULATOR, OPENCL, APARAPI, ENGINE, REPORT, CLI)).check(classes);
    }

    @Test
    void backendsDoNotKnowEachOther() {
        noClasses().that().resideInAnyPackage(SIMULATOR).should().dependOnClassesThat()
                .resideInAnyPackage(concat(OPENCL, APARAPI, ENGINE, REPORT, CLI)).check(classes);
        noClasses().that().resideInAnyPackage(OPENCL).should().dependOnClassesThat()
                .resideInAnyPackage(concat(SIMULATOR, APARAPI, ENGINE, REPORT, CLI)).check(classes);
        noClasses().that().resideInAnyPackage(APARAPI).should().dependOnClassesThat()
                .resideInAnyPackage(concat(ONNX, QUANT, SIMULATOR, OPENCL, ENGINE, REPORT, CLI)).check(classes);
    }

    @Test
    void engineDoesNotKnowTheCommandLine() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat().resideInAnyPackage(concat(REPORT, CLI)).check(classes);
    }

    @Test
    void theReportSitsOnTheEngine() {
        // its analyses run models through the Engine API only, and the command line is above it
        noClasses().that().resideInAnyPackage(REPORT).should().dependOnClassesThat().resideInAnyPackage(concat(CLI, OPENCL, APARAPI, CPU))
                .check(classes);
        // the analyses compute, the drawing draws: nothing computed depends on the page or the charts
        noClasses().that().resideInAnyPackage("dev.convoy.visual..", "dev.convoy.manifold..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.convoy.html..", "dev.convoy.chart..").check(classes);
    }

    @Test
    void theSparkJobsSitOnTheEngine() {
        // a partition opens models through the Engine API; the command line launches the jobs, not the other way
        noClasses().that().resideInAnyPackage(SPARK).should().dependOnClassesThat().resideInAnyPackage(concat(CLI, REPORT, OPENCL, APARAPI, CPU))
                .check(classes);
        noClasses().that().resideInAnyPackage(concat(CORE, HW, ONNX, QUANT, SIMULATOR, OPENCL, APARAPI, CPU, ENGINE, REPORT))
                .should().dependOnClassesThat().resideInAnyPackage(SPARK).check(classes);
        noClasses().that().resideOutsideOfPackages(concat(SPARK, CLI)).and().resideInAPackage("dev.convoy..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.spark..").check(classes);
    }

    @Test
    void onlyTheOpenClModuleTouchesJocl() {
        noClasses().that().resideOutsideOfPackage("dev.convoy.opencl..").and().resideInAPackage("dev.convoy..")
                .should().dependOnClassesThat().resideInAPackage("org.jocl..").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.convoy.(**)").should().beFreeOfCycles().check(classes);
    }
}
