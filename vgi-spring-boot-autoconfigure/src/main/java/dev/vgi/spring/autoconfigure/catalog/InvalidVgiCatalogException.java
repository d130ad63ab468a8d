package dev.vgi.spring.autoconfigure.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when the catalogs cannot be served as declared: duplicate function
 * signatures, duplicate table or view names, invalid argument declarations, clashing catalog
 * names. Every problem carries what to change; {@link VgiCatalogFailureAnalyzer} prints them.
 */
public class InvalidVgiCatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the exception for {@code problems} (at least one). */
    public InvalidVgiCatalogException(List<Problem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        this.problems = List.copyOf(problems);
    }

    /** What is wrong, in declaration order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        return problems.stream().map(Problem::description).collect(Collectors.joining("; "));
    }

    /**
     * One problem.
     *
     * @param description what is wrong, naming the beans involved
     * @param action what to change
     */
    public record Problem(String description, String action) {
    }
}
