package uk.org.phobos.agency.core.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The DNS names and IP addresses a server certificate is valid for. */
public record SubjectAltNames(Set<String> dnsNames, Set<InetAddress> ipAddresses) {
    private static final int DNS = 2;
    private static final int IP = 7;
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");
    // Stricter than RFC 1123 on purpose: the JDK refuses to parse a certificate whose DNS SAN has e.g. "_".
    private static final Pattern DNS_NAME = Pattern.compile(
            "^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");

    public SubjectAltNames {
        dnsNames = Set.copyOf(dnsNames);
        ipAddresses = Set.copyOf(ipAddresses);
    }

    /** localhost, 127.0.0.1 and ::1. */
    public static SubjectAltNames loopback() {
        return parse(List.of("localhost", "127.0.0.1", "::1"));
    }

    /**
     * Host names and IP literals (IPv6 with or without brackets). Wildcard addresses such as
     * {@code 0.0.0.0} are left out: nobody connects to them. Throws {@link IllegalArgumentException} for a
     * name that cannot go into a certificate.
     */
    public static SubjectAltNames parse(Collection<String> names) {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.strip();
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            if (IPV4.matcher(name).matches()
                    || (name.contains(":") && IPV6.matcher(name).matches())) {
                InetAddress address = ipLiteral(name);
                if (!address.isAnyLocalAddress()) {
                    ips.add(address);
                }
            } else if (DNS_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
                dns.add(name.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("not a host name or IP address usable in a certificate: " + raw);
            }
        }
        return new SubjectAltNames(dns, ips);
    }

    /** The names a certificate carries. */
    public static SubjectAltNames of(X509Certificate certificate) throws CertificateParsingException {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
            int type = (Integer) entry.get(0);
            if (type == DNS) {
                dns.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
            } else if (type == IP) {
                ips.add(ipLiteral((String) entry.get(1)));
            }
        }
        return new SubjectAltNames(dns, ips);
    }

    public SubjectAltNames plus(SubjectAltNames other) {
        Set<String> dns = new LinkedHashSet<>(dnsNames);
        dns.addAll(other.dnsNames);
        Set<InetAddress> ips = new LinkedHashSet<>(ipAddresses);
        ips.addAll(other.ipAddresses);
        return new SubjectAltNames(dns, ips);
    }

    /** The names of this set that {@code other} lacks. */
    public List<String> missingFrom(SubjectAltNames other) {
        List<String> missing = new ArrayList<>();
        dnsNames.stream().filter(name -> !other.dnsNames.contains(name)).forEach(missing::add);
        ipAddresses.stream()
                .filter(ip -> !other.ipAddresses.contains(ip))
                .map(InetAddress::getHostAddress)
                .forEach(missing::add);
        return missing;
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.stream().sorted().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static InetAddress ipLiteral(String literal) {
        try {
            // A literal never causes a DNS lookup.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
