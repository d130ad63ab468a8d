package dev.vgi.spring.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains start-up failures of Arrow's memory layer when the JVM runs without
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}: {@link ArrowMemoryAccessException} from the
 * starter's probe, and Arrow's own errors ({@code Failed to initialize MemoryUtil},
 * {@code DirectByteBuffer.<init>(long, int) not available},
 * {@code Could not initialize class org.apache.arrow.memory.util.MemoryUtil}).
 */
public final class ArrowMemoryFailureAnalyzer implements FailureAnalyzer {

    /** The JVM option Arrow needs. */
    public static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable match = find(failure);
        if (match == null) {
            return null;
        }
        String description = "Apache Arrow cannot access the memory of direct buffers: the JVM does not open the package "
                + "java.nio of module java.base to it, so the worker could not read or write a single batch.\n\n"
                + "    Arrow said: " + match.getMessage();
        String action = "Open java.nio to Arrow:\n"
                + "    - start the repackaged jar with 'java -jar app.jar': spring-boot-maven-plugin keeps the manifest entry\n"
                + "      'Add-Opens: java.base/java.nio' of maven-jar-plugin's <manifestEntries>, which opens it with no JVM flag;\n"
                + "    - otherwise (IDE run configuration, 'java -cp', 'mvn spring-boot:run', tests, an exploded or extracted jar)\n"
                + "      add the JVM option " + ADD_OPENS + "\n"
                + "      (spring-boot:run: <jvmArguments>; Surefire/Failsafe: <argLine>; containers: JAVA_TOOL_OPTIONS).";
        return new FailureAnalysis(description, action, failure);
    }

    private static Throwable find(Throwable failure) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ArrowMemoryAccessException) {
                return t.getCause() != null ? t.getCause() : t;
            }
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            if (m.contains("Failed to initialize MemoryUtil") || m.contains("DirectByteBuffer.<init>(long, int)")
                    || m.contains("Could not initialize class org.apache.arrow.memory.util.MemoryUtil")
                    || t.getClass().getName().equals("java.lang.reflect.InaccessibleObjectException") && m.contains("java.nio")) {
                return t;
            }
        }
        return null;
    }
}
