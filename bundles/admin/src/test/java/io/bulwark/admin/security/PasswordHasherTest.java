package io.bulwark.admin.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1024, 1);

    @Test
    void hashesVerifyAndAreSalted() {
        String a = hasher.hash("correct horse battery");
        String b = hasher.hash("correct horse battery");
        assertTrue(a.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), a);
        assertNotEquals(a, b);
        assertTrue(hasher.verify("correct horse battery", a));
        assertTrue(hasher.verify("correct horse battery", b));
        assertFalse(hasher.verify("correct horse batterY", a));
        assertFalse(hasher.verify("", a));
    }

    @Test
    void parametersTravelWithTheHash() {
        String stored = new PasswordHasher(2048, 2).hash("pässwörd with ünïcode");
        assertTrue(hasher.verify("pässwörd with ünïcode", stored), "verifies with the stored cost, not its own");
    }

    @Test
    void malformedHashesNeverVerify() {
        for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
                "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$x=1$c2FsdA$aGFzaA",
                "$argon2id$v=19$m=1024,t=1,p=1$!!!$aGFzaA", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$"}) {
            assertFalse(hasher.verify("x", bad), String.valueOf(bad));
        }
    }

    @Test
    void refusesTooCheapParameters() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(4, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1024, 0));
    }
}
