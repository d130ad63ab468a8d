package dev.vgi.spring.autoconfigure.catalog;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidVgiCatalogException}: each problem with the beans involved, and what to
 * change.
 */
public final class VgiCatalogFailureAnalyzer extends AbstractFailureAnalyzer<InvalidVgiCatalogException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidVgiCatalogException cause) {
        List<InvalidVgiCatalogException.Problem> problems = cause.problems();
        StringBuilder description = new StringBuilder("The VGI catalog cannot be served as declared:\n");
        StringBuilder action = new StringBuilder();
        for (int i = 0; i < problems.size(); i++) {
            InvalidVgiCatalogException.Problem p = problems.get(i);
            String n = problems.size() == 1 ? "" : (i + 1) + ". ";
            description.append("\n    ").append(n).append(p.description());
            if (i > 0) {
                action.append('\n');
            }
            action.append(n).append(p.action());
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }
}
