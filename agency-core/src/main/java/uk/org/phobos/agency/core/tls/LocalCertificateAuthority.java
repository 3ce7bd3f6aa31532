package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's own certificate authority: {@code tls/ca.pem} and {@code tls/ca-key.pem} (0600), created by
 * the first component to start and reused by every later one. New keys are EC P-256.
 */
public final class LocalCertificateAuthority {
    private static final Logger log = LoggerFactory.getLogger(LocalCertificateAuthority.class);
    // Certificates start an hour in the past so that a peer whose clock is a little behind accepts them.
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final CertifiedKey ca;
    private final CertificatePolicy policy;
    private final SecureRandom random = new SecureRandom();

    private LocalCertificateAuthority(CertifiedKey ca, CertificatePolicy policy) {
        this.ca = ca;
        this.policy = policy;
    }

    /** The CA in {@code tlsDir} with the default policy, created when there is none. */
    public static LocalCertificateAuthority loadOrCreate(Path tlsDir) throws IOException, GeneralSecurityException {
        return loadOrCreate(new TlsDirectory(tlsDir), CertificatePolicy.defaults());
    }

    /**
     * The CA in {@code tls}, created when there is none or when it is due for renewal. Holds the directory
     * lock, so components starting together agree on one CA. A CA whose files exist but cannot be read is
     * an error, not a reason to replace it silently: other machines may trust it.
     */
    @SuppressWarnings("try") // the lock is held for the whole try block, never referenced in it
    public static LocalCertificateAuthority loadOrCreate(TlsDirectory tls, CertificatePolicy policy)
            throws IOException, GeneralSecurityException {
        CertifiedKeyFiles files = tls.caFiles();
        try (TlsDirectoryLock lock = TlsDirectoryLock.acquire(tls)) {
            if (files.exists()) {
                CertifiedKey existing = readExisting(files);
                if (!policy.needsRenewal(existing.certificate())) {
                    return new LocalCertificateAuthority(existing, policy);
                }
                log.warn(
                        "The Agency CA in {} expires on {}: creating a new one; machines that imported the old CA"
                                + " must import the new one",
                        tls.dir(),
                        existing.certificate().getNotAfter().toInstant());
            }
            LocalCertificateAuthority created = createSelfSigned(policy);
            files.write(created.ca);
            log.info(
                    "Created the Agency CA \"{}\" in {}",
                    created.certificate().getSubjectX500Principal().getName(),
                    tls.dir());
            return created;
        }
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** Whether {@code certificate} carries this CA's signature. */
    public boolean hasSigned(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A new key pair and a server certificate for it ({@code CN=<commonName>}, the given SANs, serverAuth
     * and clientAuth), valid for the policy's component validity but never beyond the CA's own.
     */
    public CertifiedKey issue(String commonName, SubjectAltNames names) throws GeneralSecurityException {
        Objects.requireNonNull(commonName, "commonName");
        KeyPair pair = newKeyPair();
        Instant now = policy.now();
        Instant caExpiry = ca.certificate().getNotAfter().toInstant();
        Instant notAfter = now.plus(policy.componentValidity());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca.certificate(),
                newSerial(),
                Date.from(now.minus(BACKDATE)),
                Date.from(notAfter.isAfter(caExpiry) ? caExpiry : notAfter),
                commonName(commonName),
                pair.getPublic());
        JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames())
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensionUtils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensionUtils.createAuthorityKeyIdentifier(
                                    ca.certificate().getPublicKey()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode certificate extensions", e);
        }
        return new CertifiedKey(pair.getPrivate(), sign(builder, ca.privateKey(), ca.signatureAlgorithm()));
    }

    private static CertifiedKey readExisting(CertifiedKeyFiles files) throws IOException {
        try {
            CertifiedKey existing = files.read();
            if (existing.certificate().getBasicConstraints() < 0) {
                throw new IOException(files.certificateFile() + " is not a CA certificate");
            }
            return existing;
        } catch (IOException e) {
            throw new IOException(
                    "The Agency CA is damaged (" + e.getMessage() + "). Move "
                            + files.certificateFile().getParent()
                            + " aside to create a new CA; machines that imported the old one must import the new one.",
                    e);
        }
    }

    private static LocalCertificateAuthority createSelfSigned(CertificatePolicy policy)
            throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        KeyPair pair = newKeyPair();
        byte[] id = new byte[4];
        random.nextBytes(id);
        // The random id keeps apart the CAs of two machines with the same host name once one imports the other's.
        X500Name subject =
                commonName("Agency local CA " + LocalHostName.lookUp().orElse("unknown-host") + " "
                        + HexFormat.of().formatHex(id));
        Instant now = policy.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                newSerial(random),
                Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(policy.caValidity())),
                subject,
                pair.getPublic());
        try {
            // Path length 0: this CA signs component certificates only, never another CA.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode CA extensions", e);
        }
        X509Certificate certificate = sign(builder, pair.getPrivate(), "SHA256withECDSA");
        return new LocalCertificateAuthority(new CertifiedKey(pair.getPrivate(), certificate), policy);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, String algorithm)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + algorithm, e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private BigInteger newSerial() {
        return newSerial(random);
    }

    /** 127 random bits plus one: positive, never zero, and within the 20 bytes RFC 5280 allows. */
    private static BigInteger newSerial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X500Name commonName(String value) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, value).build();
    }
}
