package dev.vgi.core.rpc.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.github.luben.zstd.Zstd;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.Identity;

/**
 * Seals and opens the two HTTP stream tokens with the JDK's ChaCha20-Poly1305. The <em>call
 * token</em> is minted once per stream and holds what is fixed for the call (output and input
 * schemas, stream id); the <em>cursor</em> is re-minted every turn and holds the serialised state.
 * The caller's identity, the protocol and the method are bound into the associated data, so a
 * token works only for the caller and the stream it was minted for; each kind has its own AAD
 * prefix, so one can never pass as the other. Every failure reads the same to the client.
 */
final class StreamTokens {

    static final byte CURSOR_VERSION = 0x06;
    static final byte CALL_VERSION = 0x01;
    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final byte RAW = 0x00;
    private static final byte ZSTD = 0x01;
    private static final long MAX_PLAINTEXT = 64L * 1024 * 1024;
    private static final byte[] CURSOR_AAD = "vgi_rpc.state.v4\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CALL_AAD = "vgi_rpc.call.v1\0".getBytes(StandardCharsets.US_ASCII);

    /** Any token failure; the message is deliberately coarse. */
    static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    /** The opened cursor. */
    record Cursor(byte[] callId, byte[] state) {
    }

    /** The opened call token. */
    record Call(byte[] callId, Schema output, Schema input, String streamId) {
    }

    private final SecretKeySpec key;
    private final long ttlSeconds;
    private final SecureRandom random = new SecureRandom();

    StreamTokens(byte[] key, Duration ttl) {
        this.key = new SecretKeySpec(key, "ChaCha20");
        // a positive sub-second TTL must not round down to 0, which would disable expiry
        this.ttlSeconds = ttl == null || ttl.isNegative() || ttl.isZero() ? 0 : Math.max(1, (ttl.toMillis() + 999) / 1000);
    }

    String sealCursor(byte[] callId, byte[] state, Binding binding) {
        ByteBuffer p = ByteBuffer.allocate(8 + 16 + 4 + state.length).order(ByteOrder.LITTLE_ENDIAN);
        p.putLong(now()).put(callId).putInt(state.length).put(state);
        return seal(CURSOR_VERSION, p.array(), binding.aad(CURSOR_AAD));
    }

    String sealCall(byte[] callId, Schema output, Schema input, String streamId, Binding binding) {
        byte[] out = schemaBytes(output);
        byte[] in = schemaBytes(input);
        byte[] sid = streamId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = ByteBuffer.allocate(8 + 16 + 12 + out.length + in.length + sid.length).order(ByteOrder.LITTLE_ENDIAN);
        p.putLong(now()).put(callId);
        p.putInt(out.length).put(out).putInt(in.length).put(in).putInt(sid.length).put(sid);
        return seal(CALL_VERSION, p.array(), binding.aad(CALL_AAD));
    }

    Cursor openCursor(String token, Binding binding) throws InvalidToken {
        ByteBuffer p = open(CURSOR_VERSION, token, binding.aad(CURSOR_AAD));
        try {
            checkTtl(p.getLong());
            byte[] callId = new byte[16];
            p.get(callId);
            byte[] state = segment(p);
            if (p.hasRemaining()) {
                throw new InvalidToken("Malformed state token");
            }
            return new Cursor(callId, state);
        } catch (RuntimeException e) {
            throw new InvalidToken("Malformed state token");
        }
    }

    Call openCall(String token, Binding binding) throws InvalidToken {
        ByteBuffer p = open(CALL_VERSION, token, binding.aad(CALL_AAD));
        try {
            checkTtl(p.getLong());
            byte[] callId = new byte[16];
            p.get(callId);
            Schema output = parseSchema(segment(p));
            Schema input = parseSchema(segment(p));
            String streamId = new String(segment(p), StandardCharsets.UTF_8);
            if (p.hasRemaining()) {
                throw new InvalidToken("Malformed call token");
            }
            return new Call(callId, output, input, streamId);
        } catch (RuntimeException | IOException e) {
            throw new InvalidToken("Malformed call token");
        }
    }

    private void checkTtl(long created) throws InvalidToken {
        if (ttlSeconds > 0 && now() - created > ttlSeconds) {
            throw new InvalidToken("State token expired");
        }
    }

    private static byte[] segment(ByteBuffer p) {
        int n = p.getInt();
        if (n < 0 || n > p.remaining()) {
            throw new IllegalArgumentException("segment past end");
        }
        byte[] b = new byte[n];
        p.get(b);
        return b;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private String seal(byte version, byte[] plain, byte[] aad) {
        byte[] payload;
        byte[] compressed = plain.length > 64 ? Zstd.compress(plain, 3) : null;
        if (compressed != null && compressed.length < plain.length) {
            payload = new byte[compressed.length + 1];
            payload[0] = ZSTD;
            System.arraycopy(compressed, 0, payload, 1, compressed.length);
        } else {
            payload = new byte[plain.length + 1];
            payload[0] = RAW;
            System.arraycopy(plain, 0, payload, 1, plain.length);
        }
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(payload);
            byte[] token = new byte[1 + NONCE + sealed.length];
            token[0] = version;
            System.arraycopy(nonce, 0, token, 1, NONCE);
            System.arraycopy(sealed, 0, token, 1 + NONCE, sealed.length);
            return Base64.getEncoder().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
        }
    }

    private ByteBuffer open(byte version, String token, byte[] aad) throws InvalidToken {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("Malformed state token");
        }
        if (raw.length < 1 + NONCE + TAG + 1 || raw[0] != version) {
            throw new InvalidToken("Malformed state token");
        }
        byte[] payload;
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(raw, 1, NONCE));
            c.updateAAD(aad);
            payload = c.doFinal(raw, 1 + NONCE, raw.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new InvalidToken("State token signature verification failed");
        }
        byte[] plain;
        if (payload[0] == RAW) {
            plain = new byte[payload.length - 1];
            System.arraycopy(payload, 1, plain, 0, plain.length);
        } else if (payload[0] == ZSTD) {
            try {
                long size = Zstd.getFrameContentSize(payload, 1, payload.length - 1);
                if (size <= 0 || size > MAX_PLAINTEXT) {
                    throw new InvalidToken("Malformed state token");
                }
                plain = new byte[(int) size];
                long n = Zstd.decompressByteArray(plain, 0, plain.length, payload, 1, payload.length - 1);
                if (n != size) {
                    throw new InvalidToken("Malformed state token");
                }
            } catch (RuntimeException e) {
                throw new InvalidToken("Malformed state token");
            }
        } else {
            throw new InvalidToken("Malformed state token");
        }
        return ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] schemaBytes(Schema schema) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema parseSchema(byte[] bytes) throws IOException {
        return MessageSerializer.deserializeSchema(new ReadChannel(Channels.newChannel(new java.io.ByteArrayInputStream(bytes))));
    }

    /** What a token is bound to: the caller and the stream's protocol and method. */
    record Binding(Identity identity, String protocol, String method) {
        byte[] aad(byte[] prefix) {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            b.writeBytes(prefix);
            if (identity.authenticated() || !identity.principal().isEmpty()) {
                b.write(0x01);
                b.writeBytes(identity.domain().getBytes(StandardCharsets.UTF_8));
                b.write(0x00);
                b.writeBytes(identity.principal().getBytes(StandardCharsets.UTF_8));
            } else {
                b.write(0x00);
                b.writeBytes("anonymous".getBytes(StandardCharsets.US_ASCII));
            }
            b.write(0x00);
            b.writeBytes(protocol.getBytes(StandardCharsets.UTF_8));
            b.write(0x00);
            b.writeBytes(method.getBytes(StandardCharsets.UTF_8));
            return b.toByteArray();
        }
    }
}
