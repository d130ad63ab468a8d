package dev.vgi.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.Cardinality;
import dev.vgi.core.function.ScanRequest;
import dev.vgi.core.function.TableCapabilities;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableScan;
import dev.vgi.spring.autoconfigure.catalog.VgiSchema;

/**
 * The table {@code geo.cities}: a small in-memory dataset, placed in schema {@code geo} by
 * {@link VgiSchema} on its {@code @Bean} method. DuckDB scans it with {@code SELECT * FROM
 * demo.geo.cities}; only the columns a query reads are sent.
 */
@Configuration(proxyBeanMethods = false)
public class Cities {

    /** One row of the dataset. */
    record City(String name, String country, long population) {
    }

    static final List<City> ROWS = List.of(
            new City("Amsterdam", "NL", 931_298),
            new City("Berlin", "DE", 3_878_100),
            new City("Lisbon", "PT", 567_131),
            new City("Paris", "FR", 2_102_650),
            new City("Reykjavik", "IS", 139_875),
            new City("Tokyo", "JP", 14_187_176));

    static final Schema COLUMNS = new Schema(List.of(Field.nullable("name", ArrowType.Utf8.INSTANCE),
            Field.nullable("country", ArrowType.Utf8.INSTANCE), Field.nullable("population", new ArrowType.Int(64, true))));

    /** The table, in schema {@code geo}. */
    @Bean
    @VgiSchema("geo")
    TableDefinition citiesTable() {
        return TableDefinition.scannedBy("cities", COLUMNS, new Scan()).withComment("A few cities and their population");
    }

    /** The table's scan function (not a bean: it is reached through the table). */
    static final class Scan implements TableFunction {

        @Override
        public String name() {
            return "cities_scan";
        }

        @Override
        public List<Argument> arguments() {
            return List.of();
        }

        @Override
        public TableCapabilities capabilities() {
            return TableCapabilities.projection();
        }

        @Override
        public Schema bind(BindContext context) {
            return COLUMNS;
        }

        @Override
        public Cardinality cardinality(BindContext context) {
            return Cardinality.exactly(ROWS.size());
        }

        @Override
        public TableScan scan(ScanRequest request) {
            return new TableScan() {
                private boolean done;

                @Override
                public boolean next(VectorSchemaRoot out) {
                    if (done) {
                        return false;
                    }
                    for (int i = 0; i < ROWS.size(); i++) {
                        City c = ROWS.get(i);
                        if (out.getVector("name") instanceof VarCharVector v) {
                            v.setSafe(i, c.name().getBytes(StandardCharsets.UTF_8));
                        }
                        if (out.getVector("country") instanceof VarCharVector v) {
                            v.setSafe(i, c.country().getBytes(StandardCharsets.UTF_8));
                        }
                        if (out.getVector("population") instanceof BigIntVector v) {
                            v.setSafe(i, c.population());
                        }
                    }
                    out.setRowCount(ROWS.size());
                    done = true;
                    return true;
                }
            };
        }
    }
}
