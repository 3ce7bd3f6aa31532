package uk.org.phobos.agency.sandbox.bwrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.sandbox.HostFileKind;
import uk.org.phobos.agency.sandbox.PathAccess;
import uk.org.phobos.agency.sandbox.ResolvedRule;
import uk.org.phobos.agency.sandbox.SandboxException;

/**
 * The bwrap options for a policy's resolved rules, in the order bwrap must apply them.
 *
 * <ul>
 *   <li>New user, pid, ipc and uts namespaces; the network namespace is the host's.
 *   <li>{@code --die-with-parent}: the sandbox is killed when its parent dies; the new pid namespace
 *       then takes every process inside with it, including those that left the process group.
 *   <li>{@code --cap-drop ALL}: run as root, bwrap keeps every capability inside the sandbox, and a
 *       process with {@code CAP_SYS_ADMIN} can remount {@code /} read-write or unmount the tmpfs
 *       that hides a directory (checked on this machine). Without root it is a no-op.
 *   <li>No {@code --new-session}: the caller already runs bwrap under {@code setsid}, so there is no
 *       controlling terminal to attack, and staying in the caller's process group lets its
 *       {@code kill -TERM -- -PGID} reach every process directly.
 *   <li>Mounts most specific last (later mounts cover earlier ones), with {@code --dev /dev} and
 *       {@code --proc /proc} right after the mounts at {@code /}.
 *   <li>A hidden directory becomes an empty tmpfs, made read-only by {@code --remount-ro} only after
 *       every mount, since bwrap must first create the mount points of visible paths inside it
 *       (the session directory inside {@code AGENCY_ROOT}); {@code --remount-ro} is not recursive,
 *       so those stay writable. A hidden file is covered by {@code /dev/null}, which a bind mount
 *       makes unopenable ({@code nodev}).
 * </ul>
 */
final class BubblewrapArguments {
    private static final Logger log = LoggerFactory.getLogger(BubblewrapArguments.class);

    List<String> build(List<ResolvedRule> rules, Path workingDirectory) throws SandboxException {
        List<String> args = new ArrayList<>(List.of(
                "--unshare-user",
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--die-with-parent",
                "--cap-drop",
                "ALL"));
        List<String> remountReadOnly = new ArrayList<>();
        boolean systemMounted = false;
        for (ResolvedRule rule : rules) {
            if (!systemMounted && rule.depth() > 0) {
                addSystemMounts(args);
                systemMounted = true;
            }
            addMount(args, remountReadOnly, rule);
        }
        if (!systemMounted) {
            addSystemMounts(args);
        }
        for (String dir : remountReadOnly) {
            args.add("--remount-ro");
            args.add(dir);
        }
        args.add("--chdir");
        args.add(workingDirectory.toString());
        return args;
    }

    private static void addSystemMounts(List<String> args) {
        args.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
    }

    private static void addMount(List<String> args, List<String> remountReadOnly, ResolvedRule rule)
            throws SandboxException {
        String path = rule.hostPath().toString();
        if (!rule.exists()) {
            if (rule.access() == PathAccess.READ_WRITE) {
                throw new SandboxException("read-write path " + rule.rule().path() + " does not exist");
            }
            log.debug(
                    "sandbox: {} path {} does not exist; skipped", rule.access().label(), path);
            return;
        }
        switch (rule.access()) {
            case READ_ONLY -> args.addAll(List.of("--ro-bind", path, path));
            case READ_WRITE -> args.addAll(List.of("--bind", path, path));
            case SCRATCH -> args.addAll(List.of("--tmpfs", path));
            case HIDDEN -> {
                if (rule.kind() == HostFileKind.DIRECTORY) {
                    args.addAll(List.of("--tmpfs", path));
                    remountReadOnly.add(path);
                } else {
                    args.addAll(List.of("--ro-bind", "/dev/null", path));
                }
            }
        }
    }
}
