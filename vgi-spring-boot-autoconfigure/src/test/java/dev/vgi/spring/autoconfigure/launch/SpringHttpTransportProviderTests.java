package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.transport.HttpTransportProvider;
import dev.vgi.core.rpc.transport.WorkerOptions;

class SpringHttpTransportProviderTests {

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(HttpTransportProvider.class).findFirst())
                .containsInstanceOf(SpringHttpTransportProvider.class);
    }

    @Test
    void defaultsServeAtTheRootOnTheGivenAddress() {
        assertThat(SpringHttpTransportProvider.arguments(WorkerOptions.parse("--http", "--port", "0")))
                .contains("--server.port=0", "--server.address=127.0.0.1", "--vgi.http.base-path=",
                        "--spring.main.banner-mode=off", "--server.compression.enabled=false",
                        // the embedded application is the transport, never a worker of its own
                        "--vgi.transport=none")
                .noneMatch(a -> a.startsWith("--vgi.http.max-") || a.startsWith("--vgi.http.compression"));
    }

    @Test
    void workerFlagsBecomeProperties() {
        String key = "00".repeat(32);
        assertThat(SpringHttpTransportProvider.arguments(WorkerOptions.parse("--http", "--host", "0.0.0.0",
                "--port", "8123", "--prefix", "/vgi", "--token-key", key, "--token-ttl", "1.5",
                "--max-request-bytes", "100", "--max-response-bytes", "200", "--no-compression",
                "--no-call-state-cache")))
                .contains("--server.port=8123", "--server.address=0.0.0.0", "--vgi.http.base-path=/vgi",
                        "--vgi.http.token-key=" + key, "--vgi.http.token-ttl=1500ms",
                        "--vgi.http.max-request-size=100B", "--vgi.http.max-response-size=200B",
                        "--vgi.http.compression=none", "--vgi.http.call-state-cache-size=0");
    }

    @Test
    void strictMeansOneMebibyteCapsUnlessGiven() {
        assertThat(SpringHttpTransportProvider.arguments(WorkerOptions.parse("--http", "--strict",
                "--max-request-bytes", "5")))
                .contains("--vgi.http.max-request-size=5B", "--vgi.http.max-response-size=1048576B");
    }

    @Test
    void malformedNumbersAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SpringHttpTransportProvider.arguments(
                WorkerOptions.parse("--http", "--max-request-bytes", "lots")))
                .withMessageContaining("--max-request-bytes");
    }
}
