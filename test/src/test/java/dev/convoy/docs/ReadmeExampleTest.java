package dev.convoy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use from Java" example, taken from README.md as it stands, compiled against the library and
 * run: it cannot rot. The only change made to the text is the model path, which the example writes relative
 * to the repository root and this test's working directory is the {@code test/} module.
 */
class ReadmeExampleTest {
    private static final Pattern TOP1 = Pattern.compile("top-1 fp32 ([0-9.]+)%, int8 ([0-9.]+)%, pass: (true|false)");

    @TempDir
    Path tmp;

    /**
     * @param section a README heading
     * @param cls     the public class its java block declares
     * @return what the block's main printed
     */
    private String compileAndRun(String section, String cls) throws Exception {
        Path fixtures = Path.of(System.getProperty("convoy.fixtures", "../fixtures")).toAbsolutePath().normalize();
        String readme = Files.readString(fixtures.getParent().resolve("README.md"));
        int at = readme.indexOf(section);
        assertTrue(at >= 0, "README.md has a '" + section + "' section");
        int start = readme.indexOf("```java\n", at);
        int end = readme.indexOf("```", start + 8);
        assertTrue(start > 0 && end > start, "the section holds a java code block");
        String code = readme.substring(start + 8, end);
        assertTrue(code.contains("public class " + cls + " "), "the example is the public class " + cls);
        String source = code.replace("\"fixtures/", "\"" + fixtures.toString().replace("\\", "/") + "/");

        Path dir = Files.createDirectories(tmp.resolve(cls));
        Path src = dir.resolve(cls + ".java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK (javac) runs the tests");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(), "-cp", classpath, "-Xlint:all", src.toString());
        assertEquals(0, rc, "the README example compiles:\n" + diagnostics);

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(cls).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        stdout.print(out);
        return out;
    }

    /** PyTorch's count on the tinted fixture (fixtures/tinted/tinted.json), through the library's readers. */
    @Test
    void ownDataFromJavaCompilesAndRuns() throws Exception {
        String out = compileAndRun("### Your own model and data", "OwnData");
        Path fixtures = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
        var torch = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixtures.resolve("tinted/tinted.json").toFile());
        assertTrue(out.contains("(" + torch.path("correct").asInt() + "/" + torch.path("test_images").asInt() + "), classes [ankle_boot, bag,"),
                out);
    }

    @Test
    void useFromJavaCompilesAndRuns() throws Exception {
        String out = compileAndRun("## Use from Java", "QuickStart");
        List<String> lines = out.lines().toList();
        Matcher m = TOP1.matcher(out);
        assertTrue(m.find(), out);
        // LeNet-5 scores 90.08 % on all 10,000 test images (PyTorch's figure at export); on the first 1,000 both
        // precisions must stay well above chance and within the 1-point gate the example prints
        double fp32 = Double.parseDouble(m.group(1)), int8 = Double.parseDouble(m.group(2));
        assertTrue(fp32 > 85 && int8 > 85, out);
        assertEquals(fp32 - int8 <= 1.0, Boolean.parseBoolean(m.group(3)), out);
        assertTrue(lines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("int8") && l.endsWith("-> [8,10]")), out);
    }
}
