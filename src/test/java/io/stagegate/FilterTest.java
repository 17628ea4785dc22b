package io.stagegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Filter parse(String json) throws Exception {
        return Filter.parse(JSON.readValue(json, Object.class));
    }

    @Test
    void everyOperatorParsesAndPrintsBackTheSameShape() throws Exception {
        String json = "{\"and\": [{\"term\": {\"tenant\": \"acme\"}}, {\"terms\": {\"tags\": [\"a\", \"b\"]}}, "
                + "{\"range\": {\"year\": {\"gte\": 2020, \"lt\": 2024.5}}}, {\"exists\": \"expires\"}, "
                + "{\"or\": [{\"term\": {\"active\": true}}, {\"not\": {\"term\": {\"n\": 3}}}]}]}";
        Filter f = parse(json);
        Filter.And and = (Filter.And) f;
        assertEquals(new Filter.Term("tenant", "acme"), and.all().get(0));
        assertEquals(new Filter.Range("year", 2020L, null, null, 2024.5), and.all().get(2));
        assertEquals(List.of("tenant", "tags", "year", "expires", "active", "n"), f.fields());
        assertEquals(f, Filter.parse(JSON.readValue(JSON.writeValueAsString(f.toJson()), Object.class)));
        assertNull(Filter.parse(null));
    }

    @Test
    void integralNumbersFromAStructAreIntegers() {
        assertEquals(new Filter.Term("year", 2020L), Filter.parse(Map.of("term", Map.of("year", 2020.0))));
        assertEquals(new Filter.Term("x", 0.5), Filter.parse(Map.of("term", Map.of("x", 0.5))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"match\": {\"a\": 1}}                         | filter has unknown operator 'match'",
        "{\"term\": {\"a\": 1}, \"exists\": \"b\"}         | filter must be an object with exactly one operator",
        "[]                                              | filter must be an object with exactly one operator",
        "{\"term\": {\"a\": 1, \"b\": 2}}                  | filter.term must be an object with exactly one field",
        "{\"term\": {\"a\": {\"b\": 1}}}                    | filter.term.a must be a string, number or boolean",
        "{\"term\": {\"a\": null}}                        | filter.term.a must be a string, number or boolean, was null",
        "{\"terms\": {\"a\": []}}                         | filter.terms.a must be a non-empty array",
        "{\"range\": {\"a\": {\"from\": 1}}}               | filter.range.a has unknown bound 'from'",
        "{\"range\": {\"a\": {\"gte\": 1, \"gt\": 2}}}      | gives both gte and gt",
        "{\"range\": {\"a\": {\"gte\": true}}}             | a range bound must be a number or a string",
        "{\"exists\": 3}                                 | filter.exists must be a field name",
        "{\"and\": []}                                   | filter.and must be a non-empty array of filters",
        "{\"or\": [{\"term\": {\"a\": 1}}, {\"nope\": 1}]}   | filter.or[1] has unknown operator 'nope'",
        "{\"term\": {\"-a\": 1}}                          | field '-a' must be 1-128 characters",
    })
    void badFiltersAreRefusedNamingWhereAndWhat(String json, String message) {
        StagegateException e = assertThrows(StagegateException.class, () -> parse(json));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }

    @Test
    void depthNodesAndTermsAreBounded() {
        Object deep = Map.of("term", Map.of("a", 1));
        for (int i = 0; i < Filter.MAX_DEPTH; i++) {
            deep = Map.of("not", deep);
        }
        Object tooDeep = deep;
        assertTrue(assertThrows(StagegateException.class, () -> Filter.parse(tooDeep)).getMessage()
                .contains("nests deeper than 8 levels"));
        List<Object> many = java.util.Collections.nCopies(Filter.MAX_NODES, Map.of("term", Map.of("a", 1)));
        assertTrue(assertThrows(StagegateException.class, () -> Filter.parse(Map.of("or", many))).getMessage()
                .contains("past the limit of 256 filter nodes"));
        List<Object> values = java.util.Collections.nCopies(Filter.MAX_TERMS + 1, "v");
        assertTrue(assertThrows(StagegateException.class, () -> Filter.parse(Map.of("terms", Map.of("a", values))))
                .getMessage().contains("has 1025 values; at most 1024"));
    }
}
