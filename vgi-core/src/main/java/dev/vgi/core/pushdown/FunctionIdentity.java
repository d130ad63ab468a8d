package dev.vgi.core.pushdown;

/**
 * The identity of an extension filter function or runtime-filter algorithm (delta spec §2.6.4):
 * {@code namespace/name@version}, e.g. {@code duckdb.spatial/intersects_extent@1}.
 *
 * @param namespace dotted lower-case namespace
 * @param name lower-case name
 * @param version positive version
 */
public record FunctionIdentity(String namespace, String name, long version) {

    @Override
    public String toString() {
        return namespace + "/" + name + "@" + Long.toUnsignedString(version);
    }
}
