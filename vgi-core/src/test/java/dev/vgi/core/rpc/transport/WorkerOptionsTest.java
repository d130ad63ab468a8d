package dev.vgi.core.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

import dev.vgi.core.rpc.transport.WorkerOptions.Mode;

/** The worker command line: transport selection, values, unknown flags kept for the application. */
class WorkerOptionsTest {

    @Test
    @DisabledIfEnvironmentVariable(named = "VGI_RPC_IDLE_TIMEOUT", matches = ".+")
    void noFlagsIsStdioWithReferenceDefaults() {
        WorkerOptions o = WorkerOptions.parse();
        assertEquals(Mode.STDIO, o.mode());
        assertEquals("127.0.0.1", o.host());
        assertEquals(0, o.port());
        assertEquals(300.0, o.idleTimeoutSeconds());
        assertNull(o.accessLog());
        assertTrue(o.extra().isEmpty());
    }

    @Test
    void unixWithIdleTimeout() {
        WorkerOptions o = WorkerOptions.parse("--unix", "w.sock", "--idle-timeout", "1.5");
        assertEquals(Mode.UNIX, o.mode());
        assertEquals(Path.of("w.sock").toAbsolutePath(), o.unixPath());
        assertTrue(o.unixPath().isAbsolute());
        assertEquals(1.5, o.idleTimeoutSeconds());

        WorkerOptions inline = WorkerOptions.parse("--unix=/tmp/x.sock", "--idle-timeout=0");
        assertEquals(Path.of("/tmp/x.sock"), inline.unixPath());
        assertEquals(0.0, inline.idleTimeoutSeconds());
    }

    @Test
    void tcpPortAndHostPort() {
        WorkerOptions port = WorkerOptions.parse("--tcp", "9000");
        assertEquals(Mode.TCP, port.mode());
        assertEquals("127.0.0.1", port.host());
        assertEquals(9000, port.port());

        WorkerOptions hostPort = WorkerOptions.parse("--tcp", "h:0");
        assertEquals(Mode.TCP, hostPort.mode());
        assertEquals("h", hostPort.host());
        assertEquals(0, hostPort.port());
    }

    @Test
    void httpPortForms() {
        WorkerOptions flag = WorkerOptions.parse("--http", "--port", "0");
        assertEquals(Mode.HTTP, flag.mode());
        assertEquals(0, flag.port());

        WorkerOptions positional = WorkerOptions.parse("--http", "8080");
        assertEquals(Mode.HTTP, positional.mode());
        assertEquals(8080, positional.port());

        WorkerOptions host = WorkerOptions.parse("--http", "--host", "0.0.0.0", "--port=8081");
        assertEquals("0.0.0.0", host.host());
        assertEquals(8081, host.port());

        // --port alone implies HTTP
        assertEquals(Mode.HTTP, WorkerOptions.parse("--port", "1234").mode());
    }

    @Test
    void accessLogPath() {
        WorkerOptions o = WorkerOptions.parse("--access-log", "/tmp/access-{pid}.jsonl", "--unix", "/tmp/a.sock");
        assertEquals(Path.of("/tmp/access-{pid}.jsonl"), o.accessLog());
        assertEquals(Mode.UNIX, o.mode());
        assertTrue(o.extra().isEmpty());
    }

    @Test
    void unknownFlagsAreKeptInOrder() {
        WorkerOptions o = WorkerOptions.parse("--server-id", "abc", "--no-compression", "--http", "--token-key=00ff",
                "--max-request-bytes", "1024", "--strict");
        assertEquals(Mode.HTTP, o.mode());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("--server-id", "abc");
        expected.put("--no-compression", "");
        expected.put("--token-key", "00ff");
        expected.put("--max-request-bytes", "1024");
        expected.put("--strict", "");
        assertEquals(expected, o.extra());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(o.extra().keySet()));
        assertTrue(o.has("--strict"));
        assertFalse(o.has("--http"));
    }

    @Test
    void twoTransportsAreAnError() {
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--unix", "/tmp/a.sock", "--tcp", "9000"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--tcp", "9000", "--http"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--http", "--unix", "/tmp/a.sock"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--unix", "/tmp/a.sock", "--stdio"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--stdio", "--unix", "/tmp/a.sock"));
    }

    @Test
    void malformedValuesAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--unix"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--tcp", "h:notaport"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--tcp", "70000"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--unix", "/tmp/a.sock", "--idle-timeout", "soon"));
    }
}
