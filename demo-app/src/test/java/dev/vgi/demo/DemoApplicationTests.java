package dev.vgi.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.rpc.RpcServer;

/** The demo's beans become the catalog {@code demo}, served as {@code vgi.v2}. */
@SpringBootTest(properties = "spring.main.web-application-type=none")
class DemoApplicationTests {

    @Autowired
    Catalog catalog;

    @Autowired
    RpcServer server;

    @Test
    void beansBecomeTheDemoCatalog() {
        assertThat(catalog.name()).isEqualTo("demo");
        assertThat(catalog.comment()).isEqualTo("The vgi-spring-boot demo worker");
        assertThat(catalog.tags()).containsEntry("example", "true");
        assertThat(catalog.schemas()).extracting(s -> s.path().get(0)).containsExactly("main", "geo");
        CatalogSchema main = catalog.schema(List.of("main"));
        assertThat(main.functions()).extracting(VgiFunction::name)
                .containsExactlyInAnyOrder("greet", "celsius_to_fahrenheit", "numbers", "words");
        assertThat(main.views()).extracting(v -> v.name()).containsExactly("first_squares");
        assertThat(catalog.schema(List.of("geo")).tables()).extracting(t -> t.name()).containsExactly("cities");
        assertThat(server.protocolNames()).first().isEqualTo(VgiProtocol.NAME);
    }
}
