package dev.convoy.cli;

import dev.convoy.io.AtomicFile;
import dev.convoy.BadInputException;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.opencl.runtime.DeviceInfo;
import dev.convoy.opencl.runtime.DeviceProfile;
import dev.convoy.opencl.runtime.Devices;
import dev.convoy.report.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy devices}: the OpenCL devices this machine has, and a hardware profile of one. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List OpenCL devices (name, type, compute units, clock, memory, OpenCL C version) and optionally write"
                + " a hardware profile for one of them.")
final class DevicesCommand implements Callable<Integer> {
    @Option(names = "--hw-config", paramLabel = "OUT.yaml", description = "Write a hardware description of the chosen device (for --hw).")
    Path hwConfig;

    @Option(names = "--device", paramLabel = "N", description = "Which device the profile describes (default: ${DEFAULT-VALUE}).")
    int device = 0;

    @Option(names = "--extensions", description = "Also list each device's extensions.")
    boolean extensions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<DeviceInfo> devices = Devices.list();
        Table t = new Table("#", "platform", "device", "type", "compute units", "MHz", "global MiB", "local KiB", "max WG", "OpenCL C");
        for (DeviceInfo d : devices) {
            t.row(d.index(), d.platform(), d.name(), d.type(), d.computeUnits(), d.clockMhz(), d.globalMemBytes() >> 20, d.localMemBytes() >> 10,
                    d.maxWorkGroupSize(), d.openclC());
        }
        spec.commandLine().getOut().print(t.render());
        if (extensions) {
            devices.forEach(d -> spec.commandLine().getOut().println(d.index() + ": " + String.join(" ", d.extensions())));
        }
        if (hwConfig != null) {
            if (device < 0 || device >= devices.size()) {
                throw new BadInputException("--device " + device + ": there are " + devices.size() + " devices (0.." + (devices.size() - 1) + ")");
            }
            String yaml = DeviceProfile.yaml(devices.get(device));
            HardwareConfigs.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "device profile"); // checks it loads
            try {
                AtomicFile.writeString(hwConfig, yaml);
            } catch (IOException e) {
                throw new BadInputException(hwConfig + ": cannot write (" + e.getMessage() + ")", e);
            }
            spec.commandLine().getOut().println("wrote " + hwConfig + " (edit the fields marked [unknown])");
        }
        return ExitCode.OK;
    }
}
