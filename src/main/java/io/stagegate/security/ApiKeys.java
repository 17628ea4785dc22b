package io.stagegate.security;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer API keys and the roles they carry, checked the same way for HTTP and gRPC. Keys are kept only as SHA-256
 * digests and every presented key is compared with every known digest in constant time, so neither timing nor a heap
 * dump gives a key away. With no key configured, admin operations answer loopback clients only (Redis's protected
 * mode) and everything else stays open.
 */
public final class ApiKeys {
    private record Entry(byte[] digest, Set<Role> roles) {
    }

    private final List<Entry> keys;
    private final Set<Role> required;

    /**
     * @param keys     key text to the roles it carries
     * @param required roles whose operations need a key even when keys exist (admin always does)
     */
    public ApiKeys(Map<String, Set<Role>> keys, Set<Role> required) {
        List<Entry> entries = new ArrayList<>();
        keys.forEach((key, roles) -> {
            if (key.length() < 16) {
                throw new IllegalArgumentException("API keys must be at least 16 characters (a guessable key is no key)");
            }
            entries.add(new Entry(sha256(key), EnumSet.copyOf(roles)));
        });
        this.keys = List.copyOf(entries);
        EnumSet<Role> req = EnumSet.of(Role.ADMIN);
        req.addAll(required);
        this.required = req;
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    public Set<Role> required() {
        return Set.copyOf(required);
    }

    /**
     * Lets the call through or throws: UNAUTHENTICATED without a usable key, FORBIDDEN with a key that lacks the role,
     * or, with no keys configured, FORBIDDEN for a non-loopback admin call.
     *
     * @param authorization the Authorization header / metadata value, or null
     */
    public void check(Role role, String authorization, boolean loopback) {
        if (!required.contains(role)) {
            return;
        }
        if (keys.isEmpty()) {
            if (role == Role.ADMIN && !loopback) {
                throw new StagegateException(ErrorKind.FORBIDDEN, "admin endpoints answer only loopback clients while no "
                        + "API key is configured; set stagegate.security.api-keys.<name>.key with role admin (or "
                        + "stagegate.security.keys-file) and send Authorization: Bearer <key>");
            }
            return;
        }
        String presented = bearer(authorization);
        byte[] digest = sha256(presented);
        Set<Role> granted = null;
        for (Entry e : keys) {
            if (MessageDigest.isEqual(e.digest(), digest) && granted == null) {
                granted = e.roles();
            }
        }
        if (granted == null) {
            throw new StagegateException(ErrorKind.UNAUTHENTICATED, "the API key is not valid");
        }
        if (!granted.contains(role)) {
            throw new StagegateException(ErrorKind.FORBIDDEN, "this API key lacks the " + role.wire() + " role");
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new StagegateException(ErrorKind.UNAUTHENTICATED, "an API key is required: send Authorization: Bearer <key>");
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new StagegateException(ErrorKind.UNAUTHENTICATED, "Authorization must be 'Bearer <key>'");
        }
        return a.substring(7).trim();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
