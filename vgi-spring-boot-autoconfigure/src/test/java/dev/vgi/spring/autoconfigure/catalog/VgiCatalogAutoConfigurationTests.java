package dev.vgi.spring.autoconfigure.catalog;

import static dev.vgi.spring.autoconfigure.catalog.TestFunctions.INT64;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.FunctionMetadata;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.worker.VgiWorker;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;

class VgiCatalogAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            VgiAutoConfiguration.class, VgiCatalogAutoConfiguration.class, VgiProtocolAutoConfiguration.class));

    // ------------------------------------------------------------------ discovery

    @Test
    void everyFunctionTableAndViewBeanIsServedInTheDefaultSchema() {
        runner.withUserConfiguration(AllKinds.class).withPropertyValues("spring.application.name=demo").run(ctx -> {
            Catalog catalog = catalog(ctx);
            assertThat(catalog.name()).isEqualTo("demo");
            assertThat(catalog.defaultSchema()).isEqualTo("main");
            assertThat(catalog.schemas()).extracting(CatalogSchema::path).containsExactly(List.of("main"));
            CatalogSchema main = catalog.schemas().get(0);
            // SQL names come from the functions, not from the bean names
            assertThat(main.functions()).extracting(VgiFunction::name).containsExactly("upper_case", "numbers", "echo");
            assertThat(main.functions().get(0)).isInstanceOf(ScalarFunction.class);
            assertThat(main.functions().get(1)).isInstanceOf(TableFunction.class);
            assertThat(main.functions().get(2)).isInstanceOf(TableInOutFunction.class);
            assertThat(main.tables()).extracting(TableDefinition::name).containsExactly("things");
            assertThat(main.views()).extracting(ViewDefinition::name).containsExactly("ones");

            // one worker over it, hosted by the RpcServer as vgi.v2, first
            assertThat(ctx).hasSingleBean(VgiWorker.class);
            assertThat(ctx.getBean(VgiWorker.class).catalogs()).containsExactly(catalog);
            assertThat(ctx.getBean(VgiProtocolAutoConfiguration.SERVICE_BEAN, RpcService.class).protocolName())
                    .isEqualTo(VgiProtocol.NAME);
            assertThat(ctx.getBean(RpcServer.class).protocolNames()).containsExactly(VgiProtocol.NAME, "vgi_rpc.Reflection.v1");
        });
    }

    @Test
    void catalogNamePropertiesWin() {
        runner.withUserConfiguration(AllKinds.class)
                .withPropertyValues("spring.application.name=demo", "vgi.catalog.name=sales", "vgi.catalog.default-schema=api",
                        "vgi.catalog.comment=Sales data")
                .run(ctx -> {
                    Catalog catalog = catalog(ctx);
                    assertThat(catalog.name()).isEqualTo("sales");
                    assertThat(catalog.comment()).isEqualTo("Sales data");
                    assertThat(catalog.defaultSchema()).isEqualTo("api");
                    assertThat(catalog.schemas()).extracting(CatalogSchema::path).containsExactly(List.of("api"));
                });
    }

    @Test
    void catalogNameDefaultsToApplication() {
        runner.withUserConfiguration(AllKinds.class).run(ctx -> assertThat(catalog(ctx).name()).isEqualTo("application"));
    }

    @Test
    void workerSettingsComeFromProperties() {
        runner.withUserConfiguration(AllKinds.class)
                .withPropertyValues("vgi.worker.attach-key=s3cret", "vgi.worker.finalize-timeout=30s",
                        "vgi.worker.implementation-version=1.2.3", "vgi.worker.source-url=https://example.com/src")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(VgiWorker.class));
    }

    // ------------------------------------------------------------------ placement

    @Test
    void vgiSchemaOnClassAndOnBeanMethodPlacesBeans() {
        runner.withUserConfiguration(Placement.class, GeoFunction.class).run(ctx -> {
            Catalog catalog = catalog(ctx);
            assertThat(catalog.schemas()).extracting(s -> s.path().get(0)).containsExactly("main", "geo", "reports", "api");
            assertThat(functionNames(catalog, "main")).containsExactly("plain");
            // @Bean method annotation
            assertThat(functionNames(catalog, "reports")).containsExactly("report_fn");
            assertThat(catalog.schema(List.of("reports")).views()).extracting(ViewDefinition::name).containsExactly("monthly");
            assertThat(catalog.schema(List.of("reports")).tables()).extracting(TableDefinition::name).containsExactly("sales");
            // class annotation, on a @Bean-created instance and on a component class
            assertThat(functionNames(catalog, "geo")).containsExactlyInAnyOrder("geo_component", "geo_bean");
            // the @Bean method wins over the class
            assertThat(functionNames(catalog, "api")).containsExactly("geo_but_api");
        });
    }

    @Test
    void proxiedBeansKeepTheirSchemaAndOrderWithJdkProxies() {
        runner.withUserConfiguration(JdkProxies.class, CachedFunction.class).run(ctx -> {
            ScalarFunction component = ctx.getBean("vgiCatalogAutoConfigurationTests.CachedFunction", ScalarFunction.class);
            assertThat(AopUtils.isJdkDynamicProxy(component)).isTrue();
            assertProxiedPlacement(ctx);
        });
    }

    @Test
    void proxiedBeansKeepTheirSchemaAndOrderWithClassProxies() {
        runner.withUserConfiguration(ClassProxies.class, CachedFunction.class).run(ctx -> {
            ScalarFunction component = ctx.getBean("vgiCatalogAutoConfigurationTests.CachedFunction", ScalarFunction.class);
            assertThat(AopUtils.isCglibProxy(component)).isTrue();
            assertProxiedPlacement(ctx);
        });
    }

    private static void assertProxiedPlacement(AssertableApplicationContext ctx) {
        assertThat(ctx).hasNotFailed();
        Catalog catalog = catalog(ctx);
        // class-level @VgiSchema("cached") through the proxy; @Bean-level @VgiSchema("api") on a proxied bean
        assertThat(functionNames(catalog, "cached")).containsExactly("cached_fn", "cached_late");
        assertThat(functionNames(catalog, "api")).containsExactly("cached_api");
        // the proxy is served (so the advice applies to calls) and still answers for the function
        VgiFunction served = catalog.schema(List.of("cached")).functions().get(0);
        assertThat(AopUtils.isAopProxy(served)).isTrue();
        assertThat(served.metadata().description()).isEqualTo("cached");
    }

    @Test
    void scopedProxiesAreServedOnceWithTheirSchema() {
        runner.withUserConfiguration(ScopedBeans.class).run(ctx -> {
            Catalog catalog = catalog(ctx);
            assertThat(functionNames(catalog, "scoped")).containsExactly("scoped_fn");
            assertThat(AopUtils.isAopProxy(catalog.schema(List.of("scoped")).functions().get(0))).isTrue();
        });
    }

    // ------------------------------------------------------------------ ordering

    @Test
    void beansAreListedInOrder() {
        runner.withUserConfiguration(Ordering.class).run(ctx -> {
            CatalogSchema main = catalog(ctx).schemas().get(0);
            assertThat(main.functions()).extracting(VgiFunction::name).containsExactly("first", "second", "third", "unordered");
            assertThat(main.views()).extracting(ViewDefinition::name).containsExactly("v_first", "v_second");
        });
    }

    // ------------------------------------------------------------------ customizer

    @Test
    void customizersAdjustSchemasAndCatalogInOrder() {
        runner.withUserConfiguration(AllKinds.class, Customizers.class).run(ctx -> {
            Catalog catalog = catalog(ctx);
            assertThat(catalog.comment()).isEqualTo("second");
            assertThat(catalog.tags()).containsEntry("team", "data");
            assertThat(catalog.version()).isEqualTo(7);
            assertThat(catalog.schemas()).extracting(s -> s.path().get(0)).containsExactly("main", "extra");
            CatalogSchema main = catalog.schema(List.of("main"));
            assertThat(main.comment()).isEqualTo("The main schema");
            assertThat(main.functions()).extracting(VgiFunction::name).endsWith("added_by_customizer");
            assertThat(ctx.getBean(VgiWorker.class).catalogs()).containsExactly(catalog);
        });
    }

    @Test
    void aCustomizerAloneYieldsACatalog() {
        runner.withUserConfiguration(OnlyCustomizer.class).run(ctx -> {
            Catalog catalog = catalog(ctx);
            assertThat(catalog.schemas()).extracting(s -> s.path().get(0)).containsExactly("main", "extra");
        });
    }

    // ------------------------------------------------------------------ catalogs and back-off

    @Test
    void catalogBeansAreServedAfterTheAssembledCatalog() {
        runner.withUserConfiguration(UserCatalogs.class, AllKinds.class).withPropertyValues("spring.application.name=demo")
                .run(ctx -> assertThat(ctx.getBean(VgiWorker.class).catalogs()).extracting(Catalog::name)
                        .containsExactly("demo", "zeta", "alpha"));
    }

    @Test
    void catalogBeansAloneAreServed() {
        runner.withUserConfiguration(UserCatalogs.class).run(ctx -> {
            assertThat(ctx).doesNotHaveBean(VgiCatalogAutoConfiguration.CATALOG_BEAN);
            assertThat(ctx.getBean(VgiWorker.class).catalogs()).extracting(Catalog::name).containsExactly("zeta", "alpha");
        });
    }

    @Test
    void nothingToServeMeansNoWorker() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(Catalog.class).doesNotHaveBean(VgiWorker.class)
                    .doesNotHaveBean(VgiProtocolAutoConfiguration.SERVICE_BEAN);
            assertThat(ctx.getBean(RpcServer.class).protocolNames()).containsExactly("vgi_rpc.Reflection.v1");
        });
    }

    @Test
    void discoveryCanBeSwitchedOff() {
        runner.withUserConfiguration(AllKinds.class).withPropertyValues("vgi.catalog.enabled=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(Catalog.class).doesNotHaveBean(VgiWorker.class));
        runner.withUserConfiguration(AllKinds.class, UserCatalogs.class).withPropertyValues("vgi.catalog.enabled=false")
                .run(ctx -> assertThat(ctx.getBean(VgiWorker.class).catalogs()).extracting(Catalog::name)
                        .containsExactly("zeta", "alpha"));
    }

    @Test
    void userCatalogNamedVgiCatalogReplacesTheAssembledOne() {
        runner.withUserConfiguration(AllKinds.class, UserVgiCatalog.class).run(ctx -> {
            assertThat(catalog(ctx).name()).isEqualTo("mine");
            assertThat(ctx.getBean(VgiWorker.class).catalogs()).extracting(Catalog::name).containsExactly("mine");
        });
    }

    @Test
    void userWorkerWinsAndIsServed() {
        runner.withUserConfiguration(AllKinds.class, UserWorker.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(VgiWorker.class);
            VgiWorker worker = ctx.getBean(VgiWorker.class);
            assertThat(worker.catalogs()).extracting(Catalog::name).containsExactly("own");
            assertThat(ctx.getBean(VgiProtocolAutoConfiguration.SERVICE_BEAN)).isSameAs(worker.service());
        });
    }

    @Test
    void userServiceBeanWins() {
        runner.withUserConfiguration(AllKinds.class, UserService.class).run(ctx -> {
            assertThat(ctx.getBean(VgiProtocolAutoConfiguration.SERVICE_BEAN, RpcService.class).protocolName()).isEqualTo("own");
            assertThat(ctx.getBean(RpcServer.class).protocolNames()).contains("own").doesNotContain(VgiProtocol.NAME);
        });
    }

    // ------------------------------------------------------------------ helpers and configurations

    static Catalog catalog(AssertableApplicationContext ctx) {
        assertThat(ctx).hasNotFailed();
        return ctx.getBean(VgiCatalogAutoConfiguration.CATALOG_BEAN, Catalog.class);
    }

    static List<String> functionNames(Catalog catalog, String schema) {
        CatalogSchema s = catalog.schema(List.of(schema));
        assertThat(s).as("schema %s", schema).isNotNull();
        return s.functions().stream().map(VgiFunction::name).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class AllKinds {
        @Bean
        ScalarFunction upperBean() {
            return TestFunctions.upper("upper_case");
        }

        @Bean
        TableFunction numbersBean() {
            return TestFunctions.table("numbers", Argument.of("n", INT64));
        }

        @Bean
        TableInOutFunction echoBean() {
            return TestFunctions.inOut("echo", Argument.table("data"));
        }

        @Bean
        TableDefinition thingsTable() {
            return TestFunctions.tableDefinition("things");
        }

        @Bean
        ViewDefinition onesView() {
            return TestFunctions.view("ones");
        }
    }

    /** A component class placed by its class annotation. */
    @VgiSchema("geo")
    static class GeoFunction extends TestFunctions.SimpleScalar {
        GeoFunction() {
            this("geo_component");
        }

        GeoFunction(String name) {
            super(name, List.of(Argument.of("v", INT64)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Placement {
        @Bean
        ScalarFunction plain() {
            return TestFunctions.upper("plain");
        }

        @Bean
        @VgiSchema("reports")
        ScalarFunction report() {
            return TestFunctions.scalar("report_fn");
        }

        @Bean
        @VgiSchema("reports")
        ViewDefinition monthly() {
            return TestFunctions.view("monthly");
        }

        @Bean
        @VgiSchema("reports")
        TableDefinition sales() {
            return TestFunctions.tableDefinition("sales");
        }

        @Bean
        ScalarFunction geoBean() {
            return new GeoFunction("geo_bean");
        }

        @Bean
        @VgiSchema("api")
        ScalarFunction geoButApi() {
            return new GeoFunction("geo_but_api");
        }
    }

    /** A function behind a caching proxy, placed and ordered by its class annotations. */
    @VgiSchema("cached")
    @Order(1)
    static class CachedFunction extends TestFunctions.SimpleScalar {
        CachedFunction() {
            this("cached_fn");
        }

        CachedFunction(String name) {
            super(name, List.of(Argument.of("v", INT64)));
        }

        @Override
        @Cacheable("metadata")
        public FunctionMetadata metadata() {
            return FunctionMetadata.describedAs("cached");
        }
    }

    static class CachedBeans {
        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }

        @Bean
        @Order(2)
        ScalarFunction cachedLate() {
            return new CachedFunction("cached_late");
        }

        @Bean
        @VgiSchema("api")
        ScalarFunction cachedApi() {
            return new CachedFunction("cached_api");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching(proxyTargetClass = false)
    static class JdkProxies extends CachedBeans {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching(proxyTargetClass = true)
    static class ClassProxies extends CachedBeans {
    }

    @Configuration(proxyBeanMethods = false)
    static class ScopedBeans {
        @Bean
        @VgiSchema("scoped")
        @Scope(scopeName = ConfigurableBeanFactory.SCOPE_PROTOTYPE, proxyMode = ScopedProxyMode.INTERFACES)
        ScalarFunction scopedFn() {
            return TestFunctions.scalar("scoped_fn");
        }
    }

    static class OrderedScalar extends TestFunctions.SimpleScalar implements Ordered {
        OrderedScalar() {
            super("second", List.of());
        }

        @Override
        public int getOrder() {
            return 2;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Ordering {
        @Bean
        ScalarFunction unordered() {
            return TestFunctions.scalar("unordered");
        }

        @Bean
        @Order(3)
        ScalarFunction third() {
            return TestFunctions.scalar("third");
        }

        @Bean
        OrderedScalar second() {
            return new OrderedScalar();
        }

        @Bean
        @Order(1)
        ScalarFunction first() {
            return TestFunctions.scalar("first");
        }

        @Bean
        @Order(20)
        ViewDefinition vSecond() {
            return TestFunctions.view("v_second");
        }

        @Bean
        @Order(10)
        ViewDefinition vFirst() {
            return TestFunctions.view("v_first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        VgiCatalogCustomizer second() {
            return catalog -> catalog.comment("second").version(7);
        }

        @Bean
        @Order(1)
        VgiCatalogCustomizer first() {
            return new VgiCatalogCustomizer() {
                @Override
                public void customize(Catalog.Builder catalog) {
                    catalog.comment("first").tag("team", "data")
                            .schema(CatalogSchema.builder("extra").function(TestFunctions.scalar("extra_fn")).build());
                }

                @Override
                public void customizeSchema(List<String> path, CatalogSchema.Builder schema) {
                    if (path.equals(List.of("main"))) {
                        schema.comment("The main schema").function(TestFunctions.scalar("added_by_customizer"));
                    }
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnlyCustomizer {
        @Bean
        VgiCatalogCustomizer extra() {
            return catalog -> catalog.schema(CatalogSchema.builder("extra").function(TestFunctions.scalar("extra_fn")).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCatalogs {
        @Bean
        @Order(2)
        Catalog alphaCatalog() {
            return Catalog.builder("alpha").schema(CatalogSchema.builder("main").function(TestFunctions.scalar("a")).build()).build();
        }

        @Bean
        @Order(1)
        Catalog zetaCatalog() {
            return Catalog.builder("zeta").schema(CatalogSchema.builder("main").function(TestFunctions.scalar("z")).build()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserVgiCatalog {
        @Bean
        Catalog vgiCatalog() {
            return Catalog.builder("mine").schema(CatalogSchema.builder("main").build()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserWorker {
        @Bean
        VgiWorker myWorker() {
            return VgiWorker.of(Catalog.builder("own").schema(CatalogSchema.builder("main").build()).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserService {
        @Bean
        RpcService vgiWorkerService() {
            return RpcService.builder("own").build();
        }
    }
}
