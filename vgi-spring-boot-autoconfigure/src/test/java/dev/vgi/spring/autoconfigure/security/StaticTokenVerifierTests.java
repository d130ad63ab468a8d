package dev.vgi.spring.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StaticTokenVerifierTests {

    private final StaticTokenVerifier verifier = new StaticTokenVerifier(Map.of("alice", "a-secret", "bob", "b-secret"));

    @Test
    void recognisesEachSecretAsItsName() {
        assertThat(verifier.match("a-secret")).isEqualTo("alice");
        assertThat(verifier.match("b-secret")).isEqualTo("bob");
        VgiAuthentication auth = verifier.verify("b-secret").block();
        assertThat(auth.identity().domain()).isEqualTo("bearer");
        assertThat(auth.identity().principal()).isEqualTo("bob");
        assertThat(auth.isAuthenticated()).isTrue();
        assertThat(auth.getCredentials()).isNull();
    }

    @Test
    void recognisesNothingElse() {
        assertThat(verifier.match("a-secre")).isNull();
        assertThat(verifier.match("a-secret ")).isNull();
        assertThat(verifier.match("alice")).isNull();
        assertThat(verifier.match("")).isNull();
        assertThat(verifier.verify("nope").blockOptional()).isEmpty();
        assertThat(new StaticTokenVerifier(Map.of()).verify("a-secret").blockOptional()).isEmpty();
    }

    @Test
    void blankNamesOrSecretsAreRefusedWithoutEchoingTheSecret() {
        Map<String, String> blankSecret = new LinkedHashMap<>();
        blankSecret.put("ci", "  ");
        assertThatIllegalArgumentException().isThrownBy(() -> new StaticTokenVerifier(blankSecret))
                .withMessageContaining("vgi.security.tokens.ci");
        assertThatIllegalArgumentException().isThrownBy(() -> new StaticTokenVerifier(Map.of(" ", "hunter2")))
                .withMessageNotContaining("hunter2");
    }
}
