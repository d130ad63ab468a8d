package dev.vgi.core.rpc.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;

/**
 * HTTP body codings ({@code zstd}, {@code gzip}): bounded decoding of request bodies and the
 * response-coding negotiation of the wire spec ({@code X-VGI-Accept-Encoding} first, then
 * {@code Accept-Encoding}; {@code identity} reached first means no compression).
 */
public final class ContentCodings {

    /** zstd level for response bodies (the reference's default). */
    static final int ZSTD_LEVEL = 1;

    private ContentCodings() {
    }

    /** A decoded body grew past the cap. */
    static final class TooLarge extends IOException {
        TooLarge(long cap) {
            super("decoded request body exceeds max_request_bytes (" + cap + ")");
        }
    }

    /** Whether {@code coding} is one this runtime can decode. */
    static boolean canDecode(String coding) {
        return "zstd".equals(coding) || "gzip".equals(coding);
    }

    /**
     * Decodes {@code body}, refusing to produce more than {@code cap} bytes (0 = unlimited).
     *
     * @throws TooLarge when the decoded size exceeds the cap
     * @throws IOException when the body is not valid in that coding
     */
    static byte[] decode(String coding, byte[] body, long cap) throws IOException {
        try (InputStream in = "zstd".equals(coding) ? new ZstdInputStream(new ByteArrayInputStream(body))
                : new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            int r;
            while ((r = in.read(chunk)) > 0) {
                total += r;
                if (cap > 0 && total > cap) {
                    throw new TooLarge(cap);
                }
                out.write(chunk, 0, r);
            }
            return out.toByteArray();
        } catch (TooLarge e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("could not decode " + coding + " request body: " + e.getMessage(), e);
        }
    }

    /** Encodes {@code body} in {@code coding}. */
    static byte[] encode(String coding, byte[] body) {
        if ("zstd".equals(coding)) {
            return Zstd.compress(body, ZSTD_LEVEL);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(body);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The negotiated response coding and the header it is announced in. */
    record Choice(String coding, String header) {
    }

    /**
     * Chooses the response coding.
     *
     * @return the choice, or {@code null} for an uncompressed body
     */
    static Choice negotiate(String vgiAccept, String accept, List<String> produce) {
        if (produce.isEmpty()) {
            return null;
        }
        List<String> custom = tokens(vgiAccept);
        List<String> standard = tokens(accept);
        List<String> candidates = new ArrayList<>(custom);
        for (String t : standard) {
            if (!candidates.contains(t)) {
                candidates.add(t);
            }
        }
        for (String t : candidates) {
            if (t.equals("identity")) {
                return null;
            }
            if (produce.contains(t)) {
                String header = custom.contains(t) && !standard.contains(t) ? "X-VGI-Content-Encoding" : "Content-Encoding";
                return new Choice(t, header);
            }
        }
        return null;
    }

    private static List<String> tokens(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(",")) {
            String t = part;
            int semi = t.indexOf(';');
            if (semi >= 0) {
                t = t.substring(0, semi);
            }
            t = t.trim().toLowerCase(Locale.ROOT);
            if (t.equals("zstd") || t.equals("gzip") || t.equals("identity") || t.equals("deflate") || t.equals("br")) {
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
