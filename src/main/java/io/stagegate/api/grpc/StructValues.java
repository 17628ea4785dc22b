package io.stagegate.api.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A protobuf Struct as the plain Java values a JSON library yields, so gRPC and HTTP parse filters with one parser. */
final class StructValues {
    private StructValues() {
    }

    static Map<String, Object> plain(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case NUMBER_VALUE -> v.getNumberValue();
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case STRUCT_VALUE -> plain(v.getStructValue());
            case LIST_VALUE -> list(v.getListValue());
        };
    }

    private static List<Object> list(ListValue l) {
        List<Object> out = new ArrayList<>(l.getValuesCount());
        l.getValuesList().forEach(x -> out.add(plain(x)));
        return out;
    }
}
