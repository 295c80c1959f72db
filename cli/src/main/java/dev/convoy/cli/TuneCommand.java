package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.engine.Device;
import dev.convoy.engine.Model;
import dev.convoy.graph.Graph;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.tuning.Tuner;
import dev.convoy.opencl.fp32.TuningDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy tune}: the best conv/FC tile per layer shape on a device, kept in the tuning database. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Time every candidate tile of the implicit-GEMM kernel on each distinct convolution and fully-connected layer"
                + " of MODEL (or the ResNet conv-layer suite) and keep the fastest per device, layer and batch in the tuning database"
                + " that eval, infer and bench read.")
final class TuneCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The .onnx model (or use --suite).")
    Path model;

    @Option(names = "--suite", paramLabel = "S", description = "resnet-conv: the ResNet-18/50 layers convoy bench --suite times.")
    String suite;

    @Option(names = "--device", paramLabel = "D", required = true, description = "opencl[:N|:NAME].")
    String device;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size to tune for (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--reps", paramLabel = "R", description = "Timed runs per tile (default: ${DEFAULT-VALUE}).")
    int reps = 5;

    @Option(names = "--tuning", paramLabel = "FILE.json", description = "The database to update (default: ${DEFAULT-VALUE}).")
    Path tuning = PrecisionOptions.defaultTuning();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((model == null) == (suite == null) || (suite != null && !suite.equals("resnet-conv"))) {
            throw new BadInputException("tune: give a MODEL or --suite resnet-conv");
        }
        if (batch < 1 || reps < 1) {
            throw new BadInputException("--batch and --reps must be at least 1");
        }
        Device d = PrecisionOptions.device(device, Device.DEFAULT_ACCELERATOR);
        if (d.kind() != Device.Kind.OPENCL) {
            throw new BadInputException("--device " + device + ": tuning needs an OpenCL device");
        }
        String cl = d.selector();
        List<Graph> graphs = new ArrayList<>();
        if (model != null) {
            Model m = modelFile.load(model);
            if (m.isQuantized()) {
                throw new BadInputException(model + ": is quantized (" + m.quantized().options().scheme() + "); tune searches the tiles of the"
                        + " fp32 OpenCL kernels (the integer kernels have none to tune): give the fp32 model");
            }
            graphs.add(m.optimized());
        } else {
            ConvSuite.RESNET.forEach(l -> graphs.add(l.graph()));
        }
        PrintWriter out = spec.commandLine().getOut();
        TuningDatabase db = TuningDatabase.load(tuning);
        try (OpenClContext ctx = OpenClContext.open(cl)) {
            for (Graph g : graphs) {
                db = Tuner.tune(g, ctx, batch, reps, db, new ProgressBar(spec.commandLine().getErr(), "tune " + g.name()), line -> {
                    out.println(line);
                    out.flush();
                });
            }
        }
        try {
            db.save(tuning);
        } catch (IOException e) {
            throw new BadInputException(tuning + ": cannot write (" + e.getMessage() + ")", e);
        }
        out.println("wrote " + tuning);
        return ExitCode.OK;
    }
}
