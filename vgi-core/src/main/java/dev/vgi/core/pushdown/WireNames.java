package dev.vgi.core.pushdown;

import java.util.function.Function;

/** The lookup behind the {@code fromWire} methods of the enums with wire names. */
final class WireNames {

    private WireNames() {
    }

    /** The constant whose wire name is {@code name}, or {@code null}. */
    static <E extends Enum<E>> E find(E[] constants, Function<E, String> wireName, String name) {
        for (E constant : constants) {
            if (wireName.apply(constant).equals(name)) {
                return constant;
            }
        }
        return null;
    }
}
