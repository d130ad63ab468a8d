package dev.vgi.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.springframework.stereotype.Component;

import dev.vgi.core.function.Argument;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.Cardinality;
import dev.vgi.core.function.FunctionMetadata;
import dev.vgi.core.function.ScanRequest;
import dev.vgi.core.function.TableCapabilities;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableScan;

/**
 * {@code numbers(count BIGINT)}: the rows {@code n = 1..count} with {@code square} and
 * {@code parity}. It accepts projection pushdown: a query reading only {@code n} never computes
 * the other columns.
 */
@Component
public class Numbers implements TableFunction {

    static final int BATCH = 4096;

    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    private static final Schema COLUMNS = new Schema(List.of(Field.nullable("n", BIGINT), Field.nullable("square", BIGINT),
            Field.nullable("parity", ArrowType.Utf8.INSTANCE)));

    private static final byte[] EVEN = "even".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ODD = "odd".getBytes(StandardCharsets.UTF_8);

    @Override
    public String name() {
        return "numbers";
    }

    @Override
    public List<Argument> arguments() {
        return List.of(Argument.of("count", BIGINT).describedAs("How many numbers"));
    }

    @Override
    public FunctionMetadata metadata() {
        return FunctionMetadata.describedAs("The numbers 1..count with their squares and parity")
                .withExample("SELECT * FROM numbers(3)", "Three rows", null);
    }

    @Override
    public TableCapabilities capabilities() {
        return TableCapabilities.projection();
    }

    @Override
    public Schema bind(BindContext context) {
        long count = context.arguments().getLong("count");
        if (count < 0) {
            throw new IllegalArgumentException("numbers(count): count must not be negative, got " + count);
        }
        return COLUMNS;
    }

    @Override
    public Cardinality cardinality(BindContext context) {
        return Cardinality.exactly(context.arguments().getLong("count"));
    }

    @Override
    public TableScan scan(ScanRequest request) {
        long count = request.arguments().getLong("count");
        return new TableScan() {
            private long next = 1;

            @Override
            public boolean next(VectorSchemaRoot out) {
                if (next > count) {
                    return false;
                }
                int rows = (int) Math.min(BATCH, count - next + 1);
                // only the projected columns are in `out`
                if (out.getVector("n") instanceof BigIntVector n) {
                    for (int i = 0; i < rows; i++) {
                        n.setSafe(i, next + i);
                    }
                }
                if (out.getVector("square") instanceof BigIntVector square) {
                    for (int i = 0; i < rows; i++) {
                        square.setSafe(i, (next + i) * (next + i));
                    }
                }
                if (out.getVector("parity") instanceof VarCharVector parity) {
                    for (int i = 0; i < rows; i++) {
                        parity.setSafe(i, (next + i) % 2 == 0 ? EVEN : ODD);
                    }
                }
                out.setRowCount(rows);
                next += rows;
                return true;
            }
        };
    }
}
