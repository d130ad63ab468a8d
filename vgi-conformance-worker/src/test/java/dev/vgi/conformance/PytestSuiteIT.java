package dev.vgi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vgi.testsupport.PythonPeers;

/**
 * Runs the reference pytest conformance suite shipped in the pinned {@code vgi-rpc} wheel
 * ({@code vgi_rpc.conformance._pytest_suite}) against the packaged conformance worker jar, on the
 * pipe and HTTP lanes. The fixtures that start our jar are in {@code src/test/python/conftest.py};
 * groups needing features the worker lacks are excluded or skipped there, each with its reason.
 */
class PytestSuiteIT {

    private static final Pattern SUMMARY = Pattern.compile("^=*\\s*(?:\\d+ \\w+(?:, )?)+ in [\\d.]+s.*$");
    private static final Pattern LANE = Pattern.compile("^pytest conformance lane .*$");

    @TempDir
    Path tmp;

    @Test
    void referencePytestSuite() throws Exception {
        Path dir = PythonPeers.repoRoot().resolve("vgi-conformance-worker/src/test/python");
        Path log = tmp.resolve("pytest.log");
        List<String> cmd = List.of(PythonPeers.bin("python").toString(), "-m", "pytest", dir.toString(), "-q",
                "-p", "no:cacheprovider", "-rfEs");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VGI_CONFORMANCE_JAR", ConformanceSuiteIT.workerJar().toString());
        pb.environment().put("VGI_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("VGI_PYTEST_LOG_DIR", tmp.resolve("workers").toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.exists(log) ? Files.readString(log) : "";
        String summary = "";
        List<String> lanes = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (SUMMARY.matcher(line.trim()).matches()) {
                summary = line.trim();
            } else if (LANE.matcher(line.trim()).matches()) {
                lanes.add(line.trim());
            }
        }
        int passed = count(summary, "passed");
        int failed = count(summary, "failed");
        int skipped = count(summary, "skipped");
        int errors = count(summary, "errors?");
        System.out.printf("pytest conformance suite: %d passed, %d failed, %d skipped%s%n", passed, failed, skipped,
                errors > 0 ? ", " + errors + " errors" : "");
        lanes.forEach(System.out::println);
        assertTrue(done, "the pytest suite timed out:\n" + tail(output));
        assertTrue(!summary.isEmpty(), "pytest printed no summary:\n" + tail(output));
        assertEquals(0, failed + errors, "pytest failures:\n" + tail(output));
        assertEquals(0, p.exitValue(), "pytest exit status:\n" + tail(output));
        assertTrue(passed >= 300, "expected the suite to run on both lanes: " + summary);
    }

    private static int count(String summary, String what) {
        Matcher m = Pattern.compile("(\\d+) " + what + "\\b").matcher(summary);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String tail(String output) {
        return output.length() <= 20_000 ? output : "..." + output.substring(output.length() - 20_000);
    }
}
