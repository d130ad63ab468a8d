package dev.vgi.core.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The protocol hash: a fingerprint of a protocol's wire surface (name, and per method its kind,
 * result/header presence and schemas), equal across ports for the same protocol.
 */
public final class ProtocolHash {

    private ProtocolHash() {
    }

    /** The lower-case hex SHA-256 fingerprint of {@code service}. */
    public static String of(RpcService service) {
        // provisional: replaced by the canonical cross-port definition
        StringBuilder sb = new StringBuilder(service.protocolName());
        for (RpcMethod m : service.methods()) {
            sb.append('|').append(m.name()).append(m.isStream() ? ":stream" : ":unary").append(m.paramsSchema());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
