package dev.vgi.demo;

import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.springframework.stereotype.Component;

import dev.vgi.core.function.Argument;
import dev.vgi.core.function.FunctionMetadata;
import dev.vgi.core.function.ScalarCall;
import dev.vgi.core.function.ScalarFunction;

/**
 * {@code celsius_to_fahrenheit(celsius DOUBLE) -> DOUBLE}: a vectorized scalar function, working
 * on whole Arrow columns rather than one row at a time.
 */
@Component
public class CelsiusToFahrenheit implements ScalarFunction {

    private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    @Override
    public String name() {
        return "celsius_to_fahrenheit";
    }

    @Override
    public List<Argument> arguments() {
        return List.of(Argument.of("celsius", DOUBLE).describedAs("Temperature in degrees Celsius"));
    }

    @Override
    public ArrowType returnType() {
        return DOUBLE;
    }

    @Override
    public FunctionMetadata metadata() {
        return FunctionMetadata.describedAs("Converts Celsius to Fahrenheit")
                .withExample("SELECT celsius_to_fahrenheit(100.0)", "Boiling water", "212.0");
    }

    @Override
    public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) {
        Float8Vector celsius = (Float8Vector) input.getVector(0);
        Float8Vector fahrenheit = (Float8Vector) output;
        int rows = input.getRowCount();
        for (int i = 0; i < rows; i++) {
            if (celsius.isNull(i)) {
                fahrenheit.setNull(i);
            } else {
                fahrenheit.set(i, celsius.get(i) * 9 / 5 + 32);
            }
        }
    }
}
