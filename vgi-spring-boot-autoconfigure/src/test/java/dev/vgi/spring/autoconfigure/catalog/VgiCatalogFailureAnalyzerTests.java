package dev.vgi.spring.autoconfigure.catalog;

import static dev.vgi.spring.autoconfigure.catalog.TestFunctions.INT64;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;

/** Each start-up check fails the context, and the failure analysis names the beans and the fix. */
class VgiCatalogFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            VgiAutoConfiguration.class, VgiCatalogAutoConfiguration.class, VgiProtocolAutoConfiguration.class));

    @Test
    void duplicateFunctionSignatures() {
        assertAnalysis(DuplicateFunctions.class, analysis -> {
            assertThat(analysis.getDescription()).contains("Scalar functions with the same SQL signature upper(value utf8)")
                    .contains("schema 'main'").contains("bean 'upperOne' (@Bean method ").contains("DuplicateFunctions.upperOne())")
                    .contains("DuplicateFunctions.upperTwo())");
            assertThat(analysis.getAction()).contains("the SQL name comes from VgiFunction.name(), not from the bean name")
                    .contains("@VgiSchema");
        });
    }

    @Test
    void overloadsAndSameNamesInOtherSchemasAreFine() {
        runner.withUserConfiguration(Overloads.class).run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void namedArgumentsDoNotMakeAnOverload() {
        assertAnalysis(NamedOnlyDifference.class, analysis -> assertThat(analysis.getDescription())
                .contains("Table functions with the same SQL signature").contains("'rangeA'").contains("'rangeB'"));
    }

    @Test
    void duplicateTableAndViewNames() {
        assertAnalysis(DuplicateTables.class, analysis -> {
            assertThat(analysis.getDescription()).contains("More than one table or view is named 'things' in schema 'main'")
                    .contains("table bean 'thingsTable'").contains("view bean 'thingsView'")
                    .contains("More than one table or view is named 'sales' in schema 'reports'");
            assertThat(analysis.getAction()).contains("Rename one of them");
        });
    }

    @Test
    void varargsNotLast() {
        assertAnalysis(VarargsNotLast.class, analysis -> {
            assertThat(analysis.getDescription()).contains("Function concat_all (bean 'concat'")
                    .contains("declares the positional argument 'separator' after the varargs argument 'parts'");
            assertThat(analysis.getAction()).contains("Make the varargs argument the last positional argument of concat_all");
        });
    }

    @Test
    void namedArgumentOnAScalar() {
        assertAnalysis(NamedOnScalar.class, analysis -> {
            assertThat(analysis.getDescription()).contains("is a scalar function and declares the named argument 'scale'");
            assertThat(analysis.getAction()).contains("Declare 'scale' positional (Argument.of)").contains("asConstant()");
        });
    }

    @Test
    void tableArgumentOutsideTableInOut() {
        assertAnalysis(TableArgumentOnTableFunction.class, analysis -> {
            assertThat(analysis.getDescription()).contains("declares the table argument 'input', which only a table-in-out function can take");
            assertThat(analysis.getAction()).contains("Implement TableInOutFunction for scan_it");
        });
    }

    @Test
    void scalarWithoutReturnTypeOrBind() {
        assertAnalysis(NoReturnType.class, analysis -> assertThat(analysis.getDescription())
                .contains("declares no return type").contains("does not override bind()"));
    }

    @Test
    void severalProblemsAreNumbered() {
        assertAnalysis(SeveralProblems.class, analysis -> {
            assertThat(analysis.getDescription()).contains("1. ").contains("2. ");
            assertThat(analysis.getAction()).contains("1. ").contains("2. ");
        });
    }

    @Test
    void duplicateCatalogNames() {
        runner.withUserConfiguration(UpperBean.class, SameNameCatalog.class).withPropertyValues("spring.application.name=demo")
                .run(ctx -> {
                    FailureAnalysis analysis = analysis(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Two catalogs are named 'demo'")
                            .contains("the catalog assembled from beans").contains("Catalog bean 'demoCatalog'");
                    assertThat(analysis.getAction()).contains("vgi.catalog.name");
                });
    }

    @Test
    void problemsInCatalogBeansNameTheCatalogBean() {
        assertAnalysis(BrokenUserCatalog.class, analysis -> assertThat(analysis.getDescription())
                .contains("in Catalog bean 'broken'").contains("default schema 'nowhere' of catalog 'broken'"));
    }

    @Test
    void problemsAddedByACustomizerAreReported() {
        assertAnalysis(DuplicatingCustomizer.class, analysis -> assertThat(analysis.getDescription())
                .contains("upper(value utf8)").contains("bean 'upperBean'").contains("function "));
    }

    @Test
    void blankSchemaAnnotation() {
        assertAnalysis(BlankSchema.class, analysis -> assertThat(analysis.getDescription()).contains("@VgiSchema names no schema"));
    }

    private void assertAnalysis(Class<?> configuration, Consumer<FailureAnalysis> check) {
        runner.withUserConfiguration(configuration).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasRootCauseInstanceOf(InvalidVgiCatalogException.class);
            FailureAnalysis analysis = analysis(ctx.getStartupFailure());
            assertThat(analysis).as("analysis of %s", ctx.getStartupFailure()).isNotNull();
            check.accept(analysis);
        });
    }

    private static FailureAnalysis analysis(Throwable failure) {
        return new VgiCatalogFailureAnalyzer().analyze(failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class UpperBean {
        @Bean
        ScalarFunction upperBean() {
            return TestFunctions.upper("upper");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateFunctions {
        @Bean
        ScalarFunction upperOne() {
            return TestFunctions.upper("upper");
        }

        @Bean
        ScalarFunction upperTwo() {
            return TestFunctions.upper("UPPER");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Overloads {
        @Bean
        ScalarFunction upperText() {
            return TestFunctions.upper("upper");
        }

        @Bean
        ScalarFunction upperNumber() {
            return TestFunctions.scalar("upper", Argument.of("value", INT64));
        }

        @Bean
        @VgiSchema("other")
        ScalarFunction upperElsewhere() {
            return TestFunctions.upper("upper");
        }

        @Bean
        TableFunction upperTable() {
            // a table function may share a scalar function's name
            return TestFunctions.table("upper", Argument.of("value", ArrowType.Utf8.INSTANCE));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedOnlyDifference {
        @Bean
        TableFunction rangeA() {
            return TestFunctions.table("range_of", Argument.of("n", INT64));
        }

        @Bean
        TableFunction rangeB() {
            return TestFunctions.table("range_of", Argument.of("n", INT64), Argument.named("step", INT64, 1L));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateTables {
        @Bean
        TableDefinition thingsTable() {
            return TestFunctions.tableDefinition("things");
        }

        @Bean
        ViewDefinition thingsView() {
            return TestFunctions.view("Things");
        }

        @Bean
        @VgiSchema("reports")
        TableDefinition salesOne() {
            return TestFunctions.tableDefinition("sales");
        }

        @Bean
        @VgiSchema("reports")
        TableDefinition salesTwo() {
            return TestFunctions.tableDefinition("sales");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class VarargsNotLast {
        @Bean
        ScalarFunction concat() {
            return TestFunctions.scalar("concat_all", Argument.varargs("parts", ArrowType.Utf8.INSTANCE),
                    Argument.of("separator", ArrowType.Utf8.INSTANCE));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedOnScalar {
        @Bean
        ScalarFunction scaled() {
            return TestFunctions.scalar("scaled", Argument.of("value", INT64), Argument.named("scale", INT64, 2L));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TableArgumentOnTableFunction {
        @Bean
        TableFunction scanIt() {
            return TestFunctions.table("scan_it", Argument.table("input"));
        }

        @Bean
        TableInOutFunction fine() {
            return TestFunctions.inOut("fine", Argument.table("input"), Argument.named("limit", INT64, 10L));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoReturnType {
        @Bean
        ScalarFunction anyResult() {
            return new TestFunctions.SimpleScalar("any_result", java.util.List.of(Argument.any("value"))) {
                @Override
                public ArrowType returnType() {
                    return null;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SeveralProblems {
        @Bean
        ScalarFunction scaled() {
            return TestFunctions.scalar("scaled", Argument.of("value", INT64), Argument.named("scale", INT64, 2L));
        }

        @Bean
        ViewDefinition a() {
            return TestFunctions.view("same");
        }

        @Bean
        ViewDefinition b() {
            return TestFunctions.view("same");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SameNameCatalog {
        @Bean
        Catalog demoCatalog() {
            return Catalog.builder("demo").schema(CatalogSchema.builder("main").build()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BrokenUserCatalog {
        @Bean
        Catalog broken() {
            return Catalog.builder("broken").defaultSchema("nowhere")
                    .schema(CatalogSchema.builder("main").function(TestFunctions.upper("up")).function(TestFunctions.upper("up"))
                            .build())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicatingCustomizer {
        @Bean
        ScalarFunction upperBean() {
            return TestFunctions.upper("upper");
        }

        @Bean
        VgiCatalogCustomizer duplicate() {
            return new VgiCatalogCustomizer() {
                @Override
                public void customize(Catalog.Builder catalog) {
                }

                @Override
                public void customizeSchema(java.util.List<String> path, CatalogSchema.Builder schema) {
                    schema.function(TestFunctions.upper("upper"));
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BlankSchema {
        @Bean
        @VgiSchema("")
        ScalarFunction nowhere() {
            return TestFunctions.upper("nowhere");
        }
    }
}
