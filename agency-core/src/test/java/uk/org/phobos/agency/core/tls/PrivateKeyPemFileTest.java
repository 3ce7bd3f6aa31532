package uk.org.phobos.agency.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyPemFileTest {
    @TempDir
    Path dir;

    @Test
    void writesPkcs8OwnerOnlyAndReadsItBack() throws Exception {
        for (KeyPair pair : new KeyPair[] {ecKeyPair(), rsaKeyPair()}) {
            PrivateKeyPemFile file =
                    new PrivateKeyPemFile(dir.resolve(pair.getPrivate().getAlgorithm() + ".pem"));

            file.write(pair.getPrivate());

            assertThat(Files.readString(file.file())).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())))
                    .isEqualTo("rw-------");
            assertThat(file.read()).isEqualTo(pair.getPrivate());
        }
    }

    @Test
    void readsTheTraditionalOpenSslForm() throws Exception {
        // A throwaway test key: `openssl ecparam -name prime256v1 -genkey -noout`, then `openssl pkcs8 -topk8`.
        Path traditional = Files.writeString(dir.resolve("sec1.pem"), """
                -----BEGIN EC PRIVATE KEY-----
                MHcCAQEEIBK/JYXDkqWvV3sNyWdjilLQq/8eCa4EBmsFsw1JYoKjoAoGCCqGSM49
                AwEHoUQDQgAEOWR9wC3wo58W4GcnS/nEHiUTIKQVT1/q/swkASNaOgKv9VeW5JoU
                BLhieoPaZkbdRJxn23PL5T3xXWuucDfx0Q==
                -----END EC PRIVATE KEY-----
                """);
        Path pkcs8 = Files.writeString(dir.resolve("pkcs8.pem"), """
                -----BEGIN PRIVATE KEY-----
                MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgEr8lhcOSpa9Xew3J
                Z2OKUtCr/x4JrgQGawWzDUligqOhRANCAAQ5ZH3ALfCjnxbgZydL+cQeJRMgpBVP
                X+r+zCQBI1o6Aq/1V5bkmhQEuGJ6g9pmRt1EnGfbc8vlPfFda65wN/HR
                -----END PRIVATE KEY-----
                """);

        ECPrivateKey fromTraditional = (ECPrivateKey) new PrivateKeyPemFile(traditional).read();
        ECPrivateKey fromPkcs8 = (ECPrivateKey) new PrivateKeyPemFile(pkcs8).read();

        assertThat(fromTraditional.getS()).isEqualTo(fromPkcs8.getS());
    }

    @Test
    void saysWhichFileHoldsNoKey() throws Exception {
        Path file = Files.writeString(dir.resolve("junk.pem"), "no key here");

        assertThatThrownBy(() -> new PrivateKeyPemFile(file).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
