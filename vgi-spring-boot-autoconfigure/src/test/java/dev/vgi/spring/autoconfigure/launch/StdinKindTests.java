package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdinKindTests {

    @TempDir
    Path tmp;

    @Test
    void classifiesFileTypes() throws Exception {
        Path file = Files.writeString(tmp.resolve("input"), "x");
        assertThat(StdinKind.of(file)).isEqualTo(StdinKind.FILE);
        assertThat(StdinKind.of(tmp.resolve("missing"))).isEqualTo(StdinKind.UNKNOWN);
        assertThat(StdinKind.of(tmp)).isEqualTo(StdinKind.UNKNOWN);
        assumeTrue(Files.exists(Path.of("/dev/null")));
        assertThat(StdinKind.of(Path.of("/dev/null"))).isEqualTo(StdinKind.DEVICE);
        Path fifo = tmp.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        assertThat(StdinKind.of(fifo)).isEqualTo(StdinKind.PIPE);
    }

    @Test
    void onlyPipesAndSocketsLookSpawned() {
        assertThat(StdinKind.PIPE.spawnedByClient()).isTrue();
        assertThat(StdinKind.SOCKET.spawnedByClient()).isTrue();
        assertThat(StdinKind.DEVICE.spawnedByClient()).isFalse();
        assertThat(StdinKind.FILE.spawnedByClient()).isFalse();
        assertThat(StdinKind.UNKNOWN.spawnedByClient()).isFalse();
    }
}
