package dev.vgi.core.worker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and opens the {@code attach_opaque_data} token of a {@code catalog_attach}: the catalog
 * name, authenticated with HMAC-SHA256 so a token that was altered, truncated or minted under
 * another key is refused.
 *
 * <p>Layout: one version byte ({@code 1}), the first 16 bytes of
 * {@code HMAC-SHA256(key, "vgi.attach.v1\0" || name)}, then the UTF-8 name. The token carries no
 * session state, so every worker process holding the same key accepts it: DuckDB sends the token
 * minted by one pooled worker process to the others.
 */
final class AttachTokens {

    private static final byte VERSION = 1;
    private static final int TAG_LENGTH = 16;
    private static final byte[] DOMAIN = "vgi.attach.v1\0".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    AttachTokens(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the attach token key must not be empty");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The token for catalog {@code name}. */
    byte[] mint(String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] tag = tag(nameBytes);
        byte[] token = new byte[1 + TAG_LENGTH + nameBytes.length];
        token[0] = VERSION;
        System.arraycopy(tag, 0, token, 1, TAG_LENGTH);
        System.arraycopy(nameBytes, 0, token, 1 + TAG_LENGTH, nameBytes.length);
        return token;
    }

    /** The catalog name inside {@code token}, or {@code null} when the token is not one of ours. */
    String open(byte[] token) {
        if (token == null || token.length < 1 + TAG_LENGTH || token[0] != VERSION) {
            return null;
        }
        byte[] nameBytes = Arrays.copyOfRange(token, 1 + TAG_LENGTH, token.length);
        byte[] expected = tag(nameBytes);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(token, 1, 1 + TAG_LENGTH))) {
            return null;
        }
        return new String(nameBytes, StandardCharsets.UTF_8);
    }

    private byte[] tag(byte[] nameBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(DOMAIN);
            return Arrays.copyOf(mac.doFinal(nameBytes), TAG_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
