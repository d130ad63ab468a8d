package dev.vgi.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/**
 * Type tokens against the reference implementation. Each expected string was produced by
 * {@code vgi_rpc.rpc._type_tokens.type_token} (vgi-rpc 0.52.2, pyarrow 26) for the equivalent
 * pyarrow type; a mismatch here means this port's protocol hashes differ from every other port's.
 */
class ArrowTypeTokensTest {

    static Field nn(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.notNullable(type), List.of(children));
    }

    static Field n(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    static Field dict(String name, boolean nullable, ArrowType.Int index, boolean ordered, ArrowType value) {
        return new Field(name, new FieldType(nullable, value, new DictionaryEncoding(7, ordered, index)), null);
    }

    static Field map(String name, boolean nullable, boolean sorted, Field key, Field value) {
        Field entries = nn("entries", ArrowType.Struct.INSTANCE, key, value);
        return new Field(name, new FieldType(nullable, new ArrowType.Map(sorted), null), List.of(entries));
    }

    static final ArrowType I8 = new ArrowType.Int(8, true);
    static final ArrowType I16 = new ArrowType.Int(16, true);
    static final ArrowType I32 = new ArrowType.Int(32, true);
    static final ArrowType I64 = new ArrowType.Int(64, true);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

    /** Field (as Arrow Java spells the type) → token computed by the reference. */
    private static Map<Field, String> vectors() {
        Map<Field, String> v = new LinkedHashMap<>();
        v.put(n("f", ArrowType.Null.INSTANCE), "null");
        v.put(n("f", ArrowType.Bool.INSTANCE), "bool");
        v.put(n("f", I8), "int8");
        v.put(n("f", I16), "int16");
        v.put(n("f", I32), "int32");
        v.put(n("f", I64), "int64");
        v.put(n("f", new ArrowType.Int(8, false)), "uint8");
        v.put(n("f", new ArrowType.Int(16, false)), "uint16");
        v.put(n("f", new ArrowType.Int(32, false)), "uint32");
        v.put(n("f", new ArrowType.Int(64, false)), "uint64");
        v.put(n("f", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)), "float16");
        v.put(n("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), "float32");
        v.put(n("f", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), "float64");
        v.put(n("f", UTF8), "utf8");
        v.put(n("f", ArrowType.LargeUtf8.INSTANCE), "large_utf8");
        v.put(n("f", ArrowType.Utf8View.INSTANCE), "utf8_view");
        v.put(n("f", ArrowType.Binary.INSTANCE), "binary");
        v.put(n("f", ArrowType.LargeBinary.INSTANCE), "large_binary");
        v.put(n("f", ArrowType.BinaryView.INSTANCE), "binary_view");
        v.put(n("f", new ArrowType.FixedSizeBinary(16)), "fixed_size_binary(16)");
        v.put(n("f", new ArrowType.Decimal(38, 9, 128)), "decimal128(38,9)");
        v.put(n("f", new ArrowType.Decimal(20, 4, 128)), "decimal128(20,4)");
        v.put(n("f", new ArrowType.Decimal(76, 10, 256)), "decimal256(76,10)");
        v.put(n("f", new ArrowType.Date(DateUnit.DAY)), "date32");
        v.put(n("f", new ArrowType.Date(DateUnit.MILLISECOND)), "date64");
        v.put(n("f", new ArrowType.Time(TimeUnit.SECOND, 32)), "time32(s)");
        v.put(n("f", new ArrowType.Time(TimeUnit.MILLISECOND, 32)), "time32(ms)");
        v.put(n("f", new ArrowType.Time(TimeUnit.MICROSECOND, 64)), "time64(us)");
        v.put(n("f", new ArrowType.Time(TimeUnit.NANOSECOND, 64)), "time64(ns)");
        v.put(n("f", new ArrowType.Timestamp(TimeUnit.SECOND, null)), "timestamp(s)");
        v.put(n("f", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)), "timestamp(ms)");
        v.put(n("f", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), "timestamp(us,tz=UTC)");
        v.put(n("f", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+00:00")), "timestamp(ns,tz=+00:00)");
        v.put(n("f", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")), "timestamp(us,tz=America/New_York)");
        // pyarrow decodes an empty zone as no zone
        v.put(n("f", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "")), "timestamp(us)");
        v.put(n("f", new ArrowType.Duration(TimeUnit.SECOND)), "duration(s)");
        v.put(n("f", new ArrowType.Duration(TimeUnit.MILLISECOND)), "duration(ms)");
        v.put(n("f", new ArrowType.Duration(TimeUnit.MICROSECOND)), "duration(us)");
        v.put(n("f", new ArrowType.Duration(TimeUnit.NANOSECOND)), "duration(ns)");
        v.put(n("f", new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)), "interval_month_day_nano");
        // Not constructible in pyarrow; spellings from the reference's own table.
        v.put(n("f", new ArrowType.Interval(IntervalUnit.YEAR_MONTH)), "interval_months");
        v.put(n("f", new ArrowType.Interval(IntervalUnit.DAY_TIME)), "interval_day_time");

        v.put(n("f", ArrowType.List.INSTANCE, n("item", I64)), "list<item?:int64>");
        v.put(n("f", ArrowType.List.INSTANCE, nn("element", UTF8)), "list<item:utf8>");
        v.put(n("f", ArrowType.LargeList.INSTANCE, n("item", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))),
                "large_list<item?:float64>");
        v.put(n("f", new ArrowType.FixedSizeList(3), nn("x", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
                "fixed_size_list(3)<item:float32>");
        v.put(n("f", ArrowType.ListView.INSTANCE, n("item", I32)), "list_view<item?:int32>");
        v.put(n("f", ArrowType.LargeListView.INSTANCE, n("item", UTF8)), "large_list_view<item?:utf8>");
        v.put(n("f", ArrowType.Struct.INSTANCE, nn("a", I32), n("b", UTF8)), "struct<a:int32,b?:utf8>");
        v.put(n("f", ArrowType.Struct.INSTANCE), "struct<>");
        v.put(map("f", true, false, nn("key", UTF8), n("value", I64)), "map<key:utf8,value?:int64>");
        v.put(map("f", true, true, nn("key", UTF8), n("value", I64)), "map<key:utf8,value?:int64>,keys_sorted");
        v.put(map("f", true, false, nn("k", I32), nn("v", ArrowType.List.INSTANCE, n("item", UTF8))),
                "map<key:int32,value:list<item?:utf8>>");
        v.put(dict("f", true, new ArrowType.Int(32, true), false, UTF8), "dictionary<index:int32,value:utf8>");
        v.put(dict("f", true, new ArrowType.Int(8, true), true, UTF8), "dictionary<index:int8,value:utf8>,ordered");
        v.put(dict("f", true, new ArrowType.Int(16, false), false, I64), "dictionary<index:uint16,value:int64>");
        v.put(n("f", new ArrowType.Union(UnionMode.Sparse, new int[] {0, 1}), n("i", I32), nn("s", UTF8)),
                "sparse_union<0=i?:int32,1=s:utf8>");
        v.put(n("f", new ArrowType.Union(UnionMode.Dense, new int[] {5, 7}), n("i", I32),
                n("f", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))), "dense_union<5=i?:int32,7=f?:float64>");
        v.put(n("f", ArrowType.RunEndEncoded.INSTANCE, nn("run_ends", I32), n("values", UTF8)),
                "run_end_encoded<run_ends:int32,values:utf8>");
        v.put(n("f", UuidType.INSTANCE), "extension(arrow.uuid)<fixed_size_binary(16)>");
        v.put(n("f", ArrowType.Struct.INSTANCE,
                n("tags", ArrowType.List.INSTANCE, dict("item", false, new ArrowType.Int(32, true), false, UTF8)),
                map("m", false, false, nn("key", UTF8), n("value", ArrowType.Struct.INSTANCE, n("d", new ArrowType.Decimal(10, 2, 128))))),
                "struct<tags?:list<item:dictionary<index:int32,value:utf8>>,m:map<key:utf8,value?:struct<d?:decimal128(10,2)>>>");
        return v;
    }

    @Test
    void tokensMatchTheReference() {
        for (Map.Entry<Field, String> e : vectors().entrySet()) {
            assertEquals(e.getValue(), ArrowTypeTokens.typeToken(e.getKey()), () -> "token of " + e.getKey());
        }
    }

    @Test
    void fieldTokensCarryNameNullabilityAndType() {
        assertEquals(Map.of("name", "x", "nullable", false, "type", "int64"), ArrowTypeTokens.fieldToken(nn("x", I64)));
        assertEquals(Map.of("name", "s", "nullable", true, "type", "utf8"), ArrowTypeTokens.fieldToken(n("s", UTF8)));
    }

    @Test
    void typesWithoutAgreedSpellingAreRejected() {
        assertThrows(ArrowTypeTokens.UnsupportedTypeException.class,
                () -> ArrowTypeTokens.typeToken(n("d", new ArrowType.Decimal(9, 2, 32))));
        assertThrows(ArrowTypeTokens.UnsupportedTypeException.class,
                () -> ArrowTypeTokens.typeToken(n("d", new ArrowType.Decimal(18, 2, 64))));
        assertThrows(ArrowTypeTokens.UnsupportedTypeException.class,
                () -> ArrowTypeTokens.typeToken(n("l", ArrowType.List.INSTANCE)));
    }
}
