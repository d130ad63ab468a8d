package dev.vgi.spring.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.security.core.authority.AuthorityUtils;

import dev.vgi.core.rpc.Identity;
import reactor.core.publisher.Mono;

/**
 * Accepts the static tokens of {@code vgi.security.tokens}: a presented token is hashed and the
 * hash compared, in constant time, with every configured secret's hash, so neither the position of
 * the first differing byte nor which entry matched shows in the timing. The caller's identity is
 * {@code bearer}/{@code <token name>}.
 */
public final class StaticTokenVerifier implements VgiTokenVerifier, Ordered {

    /** The identity domain of static tokens. */
    public static final String DOMAIN = "bearer";

    private record Entry(String name, byte[] digest) {
    }

    private final List<Entry> entries;

    /**
     * Creates the verifier.
     *
     * @param tokens token name to secret; names and secrets must not be blank
     * @throws IllegalArgumentException for a blank name or secret (the secret is never echoed)
     */
    public StaticTokenVerifier(Map<String, String> tokens) {
        List<Entry> list = new ArrayList<>();
        if (tokens != null) {
            tokens.forEach((name, secret) -> {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("vgi.security.tokens: a token name is blank");
                }
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("vgi.security.tokens." + name + " has no secret");
                }
                list.add(new Entry(name, sha256(secret)));
            });
        }
        this.entries = List.copyOf(list);
    }

    /** Whether no token is configured. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public int getOrder() {
        return STATIC_TOKENS_ORDER;
    }

    @Override
    public Mono<VgiAuthentication> verify(String token) {
        String name = match(token);
        if (name == null) {
            return Mono.empty();
        }
        return Mono.just(new VgiAuthentication(Identity.authenticated(DOMAIN, name),
                AuthorityUtils.createAuthorityList("ROLE_VGI_CLIENT")));
    }

    /** The name of the entry whose secret is {@code token}, or {@code null}; constant time. */
    String match(String token) {
        byte[] presented = sha256(token);
        String found = null;
        for (Entry e : entries) {
            // every entry is compared, whatever matched before
            boolean equal = MessageDigest.isEqual(presented, e.digest());
            if (equal && found == null) {
                found = e.name();
            }
        }
        return found;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
