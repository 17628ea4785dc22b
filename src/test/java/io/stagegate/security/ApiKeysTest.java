package io.stagegate.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String ADMIN = "admin-0123456789abcdef";
    private static final String APP = "app-0123456789abcdef";

    private static ErrorKind refused(Runnable r) {
        return assertThrows(StagegateException.class, r::run).kind();
    }

    @Test
    void withoutKeysAdminIsLoopbackOnlyAndTheRefusalSaysHowToSetAKey() {
        ApiKeys none = new ApiKeys(Map.of(), Set.of());
        assertDoesNotThrow(() -> none.check(Role.ADMIN, null, true));
        StagegateException e = assertThrows(StagegateException.class, () -> none.check(Role.ADMIN, null, false));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("stagegate.security.api-keys"), e.getMessage());
        assertDoesNotThrow(() -> none.check(Role.SEARCH, null, false));
        assertDoesNotThrow(() -> none.check(Role.FEEDBACK, null, false));
    }

    @Test
    void withKeysEveryAdminCallNeedsTheAdminRoleEvenFromLoopback() {
        ApiKeys keys = new ApiKeys(Map.of(ADMIN, EnumSet.of(Role.ADMIN), APP, EnumSet.of(Role.SEARCH)), Set.of());
        assertEquals(ErrorKind.UNAUTHENTICATED, refused(() -> keys.check(Role.ADMIN, null, true)));
        assertEquals(ErrorKind.UNAUTHENTICATED, refused(() -> keys.check(Role.ADMIN, "Bearer wrong-key-0000000000", true)));
        assertEquals(ErrorKind.UNAUTHENTICATED, refused(() -> keys.check(Role.ADMIN, ADMIN, true)), "scheme missing");
        assertEquals(ErrorKind.FORBIDDEN, refused(() -> keys.check(Role.ADMIN, "Bearer " + APP, true)));
        assertDoesNotThrow(() -> keys.check(Role.ADMIN, "Bearer " + ADMIN, false));
        assertDoesNotThrow(() -> keys.check(Role.ADMIN, "bearer  " + ADMIN + " ", false));
        assertDoesNotThrow(() -> keys.check(Role.SEARCH, null, false), "search stays open unless required");
    }

    @Test
    void searchAndFeedbackCanRequireKeys() {
        ApiKeys keys = new ApiKeys(Map.of(APP, EnumSet.of(Role.SEARCH)), Set.of(Role.SEARCH, Role.FEEDBACK));
        assertEquals(ErrorKind.UNAUTHENTICATED, refused(() -> keys.check(Role.SEARCH, null, true)));
        assertDoesNotThrow(() -> keys.check(Role.SEARCH, "Bearer " + APP, false));
        assertEquals(ErrorKind.FORBIDDEN, refused(() -> keys.check(Role.FEEDBACK, "Bearer " + APP, false)));
    }

    @Test
    void shortKeysAreRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(Map.of("short", EnumSet.of(Role.ADMIN)), Set.of()));
    }
}
