package dev.vgi.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.springframework.stereotype.Component;

import dev.vgi.core.function.Argument;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.FunctionMetadata;
import dev.vgi.core.function.InOutRequest;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.TableInOutProcessor;

/**
 * {@code words(data TABLE)}: one row per word of the first (text) column of the input relation,
 * with the word's length. A table-in-out function: DuckDB streams the input through it, e.g.
 * {@code SELECT * FROM demo.words((SELECT title FROM books))}; each input batch may yield any
 * number of rows. It keeps no state between batches, so DuckDB may split the input across threads
 * (and worker processes) freely.
 */
@Component
public class Words implements TableInOutFunction {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private static final Schema COLUMNS = new Schema(List.of(Field.nullable("word", ArrowType.Utf8.INSTANCE),
            Field.nullable("length", new ArrowType.Int(64, true))));

    @Override
    public String name() {
        return "words";
    }

    @Override
    public List<Argument> arguments() {
        return List.of(Argument.table("data").describedAs("Rows whose first column is text"));
    }

    @Override
    public FunctionMetadata metadata() {
        return FunctionMetadata.describedAs("Splits the first text column of its input into words")
                .withExample("SELECT * FROM words((SELECT 'hello big world'))", "Three words", null);
    }

    @Override
    public boolean projectionPushdown() {
        return true;
    }

    @Override
    public Schema bind(BindContext context) {
        List<Field> fields = context.inputSchema().getFields();
        if (fields.isEmpty() || !(fields.get(0).getType() instanceof ArrowType.Utf8)) {
            throw new IllegalArgumentException("words(data): the first column of data must be text (VARCHAR), got "
                    + (fields.isEmpty() ? "no column" : fields.get(0).getType()));
        }
        return COLUMNS;
    }

    @Override
    public TableInOutProcessor open(InOutRequest request) {
        return (in, out) -> {
            VarCharVector text = (VarCharVector) in.getFieldVectors().get(0);
            // only the projected columns are in `out`
            FieldVector wordVector = out.getVector("word");
            FieldVector lengthVector = out.getVector("length");
            int row = 0;
            for (int i = 0; i < in.getRowCount(); i++) {
                if (text.isNull(i)) {
                    continue;
                }
                for (String word : SPACES.split(new String(text.get(i), StandardCharsets.UTF_8).strip())) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    if (wordVector instanceof VarCharVector w) {
                        w.setSafe(row, word.getBytes(StandardCharsets.UTF_8));
                    }
                    if (lengthVector instanceof BigIntVector l) {
                        l.setSafe(row, word.codePointCount(0, word.length()));
                    }
                    row++;
                }
            }
            out.setRowCount(row);
        };
    }
}
