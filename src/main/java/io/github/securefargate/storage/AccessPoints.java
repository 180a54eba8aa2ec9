package io.github.securefargate.storage;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Defaults;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.AccessPointProps;
import software.amazon.awscdk.services.efs.Acl;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.efs.PosixUser;
import software.constructs.IConstruct;

/**
 * Access points of a {@link LifecycleFileSystem}: validates the POSIX user and root directory options, and creates
 * each access point in the file system's scope under the id the user gives.
 *
 * <p>Not part of the public API.
 */
final class AccessPoints {
    private static final Pattern OCTAL_PERMISSIONS = Pattern.compile("^[0-7]{3,4}$");
    private static final Pattern PATH_COMPONENT = Pattern.compile("^[^.$#<>;`|&?{}^*/\\n][^$#<>;`|&?{}^*/\\n]*$");
    private static final long MAX_POSIX_ID = 4294967295L;
    private static final int MAX_ACCESS_POINT_PATH_LENGTH = 100;
    private static final int MAX_ACCESS_POINT_PATH_DEPTH = 4;
    private static final int MAX_SECONDARY_GIDS = 16;

    private final LifecycleFileSystem owner;
    private final List<AccessPoint> created = new ArrayList<>();

    AccessPoints(final LifecycleFileSystem owner) {
        this.owner = owner;
    }

    /** @return the access points created so far */
    List<AccessPoint> all() {
        return List.copyOf(created);
    }

    AccessPoint add(final String id, final PosixAccessPointOptions options) {
        String path = options.getPath();
        Number ownerUid = Defaults.orDefault(options.getOwnerUid(), options.getUid());
        Number ownerGid = Defaults.orDefault(options.getOwnerGid(), options.getGid());
        String permissions =
                Defaults.orDefault(options.getPermissions(), LifecycleFileSystem.DEFAULT_ACCESS_POINT_PERMISSIONS);
        String scope = "accessPoint " + id + ": ";
        validateAccessPointPath(scope, path);
        posixId(scope + "uid", options.getUid());
        posixId(scope + "gid", options.getGid());
        posixId(scope + "ownerUid", ownerUid);
        posixId(scope + "ownerGid", ownerGid);
        List<Number> secondary = options.getSecondaryGids() == null ? List.of() : options.getSecondaryGids();
        if (secondary.size() > MAX_SECONDARY_GIDS) {
            throw Check.fail(
                    owner,
                    scope + "secondaryGids",
                    "must hold at most " + MAX_SECONDARY_GIDS + " group ids, got " + secondary.size());
        }
        secondary.forEach(gid -> posixId(scope + "secondaryGids", gid));
        if (!Check.isToken(permissions)
                && !OCTAL_PERMISSIONS.matcher(permissions).matches()) {
            throw Check.fail(
                    owner,
                    scope + "permissions",
                    "must be an octal mode of 3 or 4 digits such as 750, got '" + permissions + "'");
        }
        AccessPoint accessPoint = new AccessPoint(
                owner,
                id,
                AccessPointProps.builder()
                        .fileSystem(owner.getFileSystem())
                        .path(path)
                        .posixUser(PosixUser.builder()
                                .uid(idString(options.getUid()))
                                .gid(idString(options.getGid()))
                                .secondaryGids(
                                        secondary.isEmpty()
                                                ? null
                                                : secondary.stream()
                                                        .map(AccessPoints::idString)
                                                        .collect(Collectors.toList()))
                                .build())
                        .createAcl(Acl.builder()
                                .ownerUid(idString(ownerUid))
                                .ownerGid(idString(ownerGid))
                                .permissions(permissions)
                                .build())
                        .build());
        created.add(accessPoint);
        return accessPoint;
    }

    private void validateAccessPointPath(final String scope, final String path) {
        if (Check.isToken(path)) {
            return;
        }
        String problem = null;
        if (!path.startsWith("/")) {
            problem = "must be an absolute path such as /data";
        } else if (path.length() > MAX_ACCESS_POINT_PATH_LENGTH) {
            problem = "must be at most " + MAX_ACCESS_POINT_PATH_LENGTH + " characters";
        } else if (!"/".equals(path)) {
            String[] parts = path.substring(1).split("/", -1);
            if (parts.length > MAX_ACCESS_POINT_PATH_DEPTH) {
                problem = "must be at most " + MAX_ACCESS_POINT_PATH_DEPTH + " directories deep";
            }
            for (String part : parts) {
                if (problem == null && !PATH_COMPONENT.matcher(part).matches()) {
                    problem = "must consist of non-empty directory names that do not start with '.' and contain "
                            + "none of $#<>;`|&?{}^*";
                }
            }
        }
        if (problem != null) {
            throw Check.fail(owner, scope + "path", problem + ", got '" + path + "'");
        }
    }

    private void posixId(final String prop, final Number value) {
        Check.between(owner, prop, value, 0, MAX_POSIX_ID);
        if (value != null && !Check.isToken(value) && value.doubleValue() != Math.rint(value.doubleValue())) {
            throw Check.fail(owner, prop, "must be a whole number, got " + value);
        }
    }

    private static String idString(final Number value) {
        return Check.isToken(value) ? Token.asString(value) : Long.toString(value.longValue());
    }

    /** Fails when {@code accessPoint} belongs to another file system than {@code fileSystem}. */
    static void validateOwner(
            final LifecycleFileSystem scope, final FileSystem fileSystem, final IAccessPoint accessPoint) {
        Object owner;
        try {
            owner = accessPoint.getFileSystem();
        } catch (RuntimeException importedWithoutFileSystem) {
            return;
        }
        if (owner != fileSystem
                && owner instanceof IConstruct
                && !Check.path((IConstruct) owner).equals(Check.path(fileSystem))) {
            throw Check.fail(
                    scope,
                    "accessPoint",
                    "must belong to this file system, got "
                            + Check.path(accessPoint) + " of "
                            + Check.path((IConstruct) owner)
                            + "; create it with addAccessPoint(...)");
        }
    }
}
